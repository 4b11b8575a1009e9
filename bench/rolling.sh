#!/usr/bin/env bash
# Rolling upgrade under load (issue 20): a cluster of hosts behind Kamailio (cluster/cluster.sh) carries a steady
# call load while every host in turn is drained, stopped, started again and put back in rotation
# (cluster.sh rolling-restart), and the calls that failed meanwhile (expected 0). Not part of the build or the
# test run; ClusterIT checks the same at 20 calls/s.
#
#   bench/rolling.sh
#   ROLL_RATE=100 ROLL_HOLD_MS=20000 ROLL_NODES=3 bench/rolling.sh
#
# Steps, all on 127.0.0.1 (ports from ROLL_BASE_PORT, default 37000: proxy +60, hosts +61.., gateway +70,
# caller +80; the cluster's own ports as cluster.sh documents them):
#   1. a fresh cluster of ROLL_NODES hosts (default 2) in bench/target/rolling-<time>/cluster, a SIPp gateway;
#   2. one SIPp caller run through the proxy: ROLL_RATE calls/s (default 50), each held ROLL_HOLD_MS (20,000),
#      for ROLL_SECONDS (default 360: long enough for the restarts on a 2-core machine); after ROLL_WARMUP
#      seconds (30) the rolling restart starts;
#   3. prints each host's restart time, the whole restart's, and the run's figures (offered, answered, refused,
#      failed, timeouts, p99 setup). A restart that outlasts the load is said, as it was then not under load
#      to its end.
# Figures: bench/target/rolling-<time>/results.txt and bench/target/rolling-latest.txt. Bounds: the SIPp run is
# killed at its duration + 120 s, the restart at 900 s; everything started is stopped on exit.
set -euo pipefail
ROLL_BASE_PORT=${ROLL_BASE_PORT:-37000}
PORT_BASE=$ROLL_BASE_PORT
SIP_PORT=$((ROLL_BASE_PORT + 60))
GW_PORT=$((ROLL_BASE_PORT + 70))
CALLER_PORT=$((ROLL_BASE_PORT + 80))
# shellcheck source=bench/lib-figures.sh
source "$(dirname "$0")/lib-figures.sh"

ROLL_RATE=${ROLL_RATE:-50}
ROLL_HOLD_MS=${ROLL_HOLD_MS:-20000}
ROLL_SECONDS=${ROLL_SECONDS:-360}
ROLL_WARMUP=${ROLL_WARMUP:-30}
ROLL_NODES=${ROLL_NODES:-2}
HOLD_MS=$ROLL_HOLD_MS

bench_init_strict rolling
export CLUSTER_WORK="$WORK/cluster" CLUSTER_BASE_PORT=$ROLL_BASE_PORT
export CLUSTER_GATEWAYS="127.0.0.1:$GW_PORT"
CLUSTER="$REPO_DIR/cluster/cluster.sh"
command -v kamailio >/dev/null || [ -x /usr/sbin/kamailio ] || { echo "kamailio is missing" >&2; exit 2; }

cleanup() {
    set +e
    bench_cleanup
    "$CLUSTER" stop >/dev/null 2>&1
}
trap cleanup EXIT

result "rolling upgrade under load: $(machine)"
log "starting a cluster of $ROLL_NODES hosts"
"$CLUSTER" start "$ROLL_NODES" >"$WORK/cluster-start.log" 2>&1
gateway_start

log "load: $ROLL_RATE calls/s held $ROLL_HOLD_MS ms for $ROLL_SECONDS s through the proxy"
# A failed run must still leave its figures: caller_run stops at the first failing command under set -e.
{ caller_run roll "$ROLL_RATE" "$ROLL_SECONDS" || true; } &
CALLER_JOB=$!
sleep "$ROLL_WARMUP"

t0=$SECONDS
timeout 900 "$CLUSTER" rolling-restart >"$WORK/rolling-restart.log" 2>&1 || {
    result "the rolling restart did not complete: see $WORK/rolling-restart.log"
    exit 1
}
restart_seconds=$((SECONDS - t0))
grep "restarted and in rotation again" "$WORK/rolling-restart.log" | sed 's/^/  /' | tee -a "$RESULTS"
result "whole rolling restart: $restart_seconds s, from $ROLL_WARMUP s into the load"
if [ $((ROLL_WARMUP + restart_seconds)) -ge "$ROLL_SECONDS" ]; then
    result "NOTE: the restart outlasted the load ($ROLL_SECONDS s): raise ROLL_SECONDS"
fi

wait "$CALLER_JOB" || true
result "$(figures_header)"
result "$(caller_figures roll)"
if all_answered roll; then
    result "verdict: every call answered and completed across the rolling restart"
else
    result "verdict: FAIL, calls failed or were refused (see $WORK/roll)"
fi
cp "$RESULTS" "$BENCH_DIR/target/rolling-latest.txt"
