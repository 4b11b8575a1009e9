#!/usr/bin/env bash
# Scale: memory, CPU and timer accuracy of the policies at 10,000 and 100,000 calls, on the host's own policy
# scheduler (bench/jmh, see README-bench.md): the session-timer policy with session timers armed (refreshes,
# expiry hangups), the setup-timeouts policy with calls ringing (Ringing-timeout and early hangups), and JMH
# figures of the per-call cost at those sizes. Not part of the build or the test run; runs without Karaf or SIPp.
#
#   bench/scale.sh                       # 10000 and 100000 calls, Session-Expires 90 s, then JMH
#   SIZES="1000 10000" JMH=0 bench/scale.sh
#
# Settings: SIZES (10000 100000), SESSION_EXPIRES (90, seconds; the refresh point and expiry follow RFC 4028
# and SS_SIP_SESSION_UPDATE_SEGMENT 4), RAMP (30 s over which the calls arrive), SILENT_PERCENT (10: calls
# whose peers stop answering refreshes, so that their sessions expire and are hung up), SCALE_HEAP (1g, as
# Karaf's SIPSM_HEAP), SESSION (1: the session-timer run; 0: skip), SETUP (1: also the setup-timeouts run; 0:
# skip) with SETUP_RAMP (20 s: shorter than the first timeout, so the heap is measured before any fires),
# SETUP_RINGING (30 s) and SETUP_EARLY_HANGUP (25 s), JMH (1: also run the JMH benchmark; 0: skip), JMH_ARGS (extra JMH options).
# Builds bench/jmh first when it is not built (needs the main install: mvn -B -DskipTests install).
# Bounds: each size runs RAMP + expiry + 3 s (about 93 s by default), the setup run RAMP + 33 s per size; JMH
# about 20 s per size and benchmark;
# every java process is bounded with timeout. Figures: bench/target/scale-<time>/results.txt and
# bench/target/scale-latest.txt.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
SIZES=${SIZES:-"10000 100000"}
SESSION_EXPIRES=${SESSION_EXPIRES:-90}
RAMP=${RAMP:-30}
SILENT_PERCENT=${SILENT_PERCENT:-10}
SCALE_HEAP=${SCALE_HEAP:-1g}
SESSION=${SESSION:-1}
SETUP=${SETUP:-1}
SETUP_RAMP=${SETUP_RAMP:-20}
SETUP_RINGING=${SETUP_RINGING:-30}
SETUP_EARLY_HANGUP=${SETUP_EARLY_HANGUP:-25}
JMH=${JMH:-1}
JMH_ARGS=${JMH_ARGS:-}
MVN_REPO=${MVN_REPO:-}

# shellcheck source=bench/lib-jmh.sh
source "$BENCH_DIR/lib-jmh.sh"
jmh_prepare scale

{
    echo "# sipsm scale, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS"

read -r -a sizes <<<"$SIZES"
if [ "$SESSION" = 1 ]; then
    per_size=$((RAMP + SESSION_EXPIRES + 120))
    timeout $((per_size * ${#sizes[@]} + 120)) java -Xmx"$SCALE_HEAP" -Xms"$SCALE_HEAP" -XX:+UseG1GC \
        -Dscale.sessionExpires="$SESSION_EXPIRES" -Dscale.ramp="$RAMP" -Dscale.silentPercent="$SILENT_PERCENT" \
        -cp "$CP" io.sipsm.sessiontimer.internal.ScaleRun "${sizes[@]}" | tee -a "$RESULTS"
fi

if [ "$SETUP" = 1 ]; then
    echo "" | tee -a "$RESULTS"
    per_size=$((SETUP_RAMP + SETUP_RINGING + SETUP_EARLY_HANGUP + 120))
    timeout $((per_size * ${#sizes[@]} + 120)) java -Xmx"$SCALE_HEAP" -Xms"$SCALE_HEAP" -XX:+UseG1GC \
        -Dsetup.ramp="$SETUP_RAMP" -Dsetup.ringing="$SETUP_RINGING" -Dsetup.earlyHangup="$SETUP_EARLY_HANGUP" \
        -cp "$CP" io.sipsm.setuptimeouts.internal.SetupScaleRun "${sizes[@]}" | tee -a "$RESULTS"
fi

if [ "$JMH" = 1 ]; then
    echo "" | tee -a "$RESULTS"
    echo "# JMH: per-call policy cost with N calls already armed (average time, ns/op, lower is better)" | tee -a "$RESULTS"
    # shellcheck disable=SC2086 # JMH_ARGS holds several options on purpose
    timeout 1200 java -cp "$CP" org.openjdk.jmh.Main PolicyTimerBenchmark -p sessions="${SIZES// /,}" \
        -rf text -rff "$WORK/jmh.txt" $JMH_ARGS >"$WORK/jmh.log" 2>&1
    tee -a "$RESULTS" <"$WORK/jmh.txt"
fi
cp "$RESULTS" "$BENCH_DIR/target/scale-latest.txt"
echo "figures in $RESULTS" >&2
