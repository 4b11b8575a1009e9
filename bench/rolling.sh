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
#   3. prints each host's restart time and drain time, the calls stranded (up when a drain limit passed), the
#      whole restart's time, the load average before and after, and the run's figures (offered, answered,
#      refused, failed, timeouts, p99 setup). A restart that outlasts the load is said, as it was then not under
#      load to its end.
# Figures: bench/target/rolling-<time>/results.txt and bench/target/rolling-latest.txt; each host's log of each
# run in cluster/node<I>/log.<run> and data/log. Bounds: the SIPp run is
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
# A caller behaves like a user agent, not a strict checker: a 180 that arrives after the 200 (the proxy's UDP
# workers may forward the two in either order) is ignored, as a phone would. SIPp's default aborts the call on
# it and sends a BYE built from the 180, without the proxy's route set: the proxy refuses that BYE (404), the
# call stays up on its host and the gateway, and the host's drain rightly waits for it (ClusterIT's caller runs
# the same way). Errors are logged (roll/caller_*_errors.log) to tell any failure's cause.
CALLER_SIPP_OPTS="-default_behaviors all,-abortunexp -trace_err"

bench_init_strict rolling
export CLUSTER_WORK="$WORK/cluster" CLUSTER_BASE_PORT=$ROLL_BASE_PORT
export CLUSTER_GATEWAYS="127.0.0.1:$GW_PORT"
# Each host's heap, cluster.sh's default: said as such in the results.
export SIPSM_HEAP=${SIPSM_HEAP:-512m}
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
# A restart that does not complete still leaves the figures of the load it was under.
restarted=yes
timeout 900 "$CLUSTER" rolling-restart >"$WORK/rolling-restart.log" 2>&1 || restarted=no
restart_seconds=$((SECONDS - t0))
[ $restarted = yes ] || result "the rolling restart did not complete: see $WORK/rolling-restart.log"
{ grep "restarted and in rotation again\|in rotation for .* in a row" "$WORK/rolling-restart.log" || true; } \
    | sed 's/^/  /' | tee -a "$RESULTS"
# Each host's drain: from sipsm:drain to its last call ended (or the drain limit).
awk '/draining host/ { host = $4 } /Draining:/ { up = $(NF - 2) }
    /Drained after|Drain limit/ { sub(/^ */, ""); print "  host " host ": " up " calls up when the drain began; " $0 }' \
    "$WORK/rolling-restart.log" | tee -a "$RESULTS"
# Stranded: calls still up on a host when its drain limit passed, dropped by its stop.
stranded=$(awk 'match($0, /passed with [0-9]+ calls up/) { split(substr($0, RSTART, RLENGTH), w, " "); n += w[3] }
    END { print n + 0 }' "$WORK/rolling-restart.log")
result "calls stranded (up on a host when its drain limit passed, dropped by its stop): $stranded"
result "whole rolling restart: $restart_seconds s, from $ROLL_WARMUP s into the load"
if [ $((ROLL_WARMUP + restart_seconds)) -ge "$ROLL_SECONDS" ]; then
    result "NOTE: the restart outlasted the load ($ROLL_SECONDS s): raise ROLL_SECONDS"
fi

wait "$CALLER_JOB" || true
result "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
result "$(figures_header)"
result "$(caller_figures roll)"
if [ $restarted = yes ] && all_answered roll && [ "$stranded" -eq 0 ]; then
    result "verdict: every call answered and completed across the rolling restart, none stranded"
else
    result "verdict: FAIL, calls failed, were refused or were stranded, or the restart did not complete (see $WORK/roll and each host's log)"
fi
cp "$RESULTS" "$BENCH_DIR/target/rolling-latest.txt"
[ $restarted = yes ]
