#!/usr/bin/env bash
# Soak: SOAK_MINUTES (default 30) of calls at a moderate rate through the B2BUA, then a check that the
# container is back to its baseline: application sessions (sipsm:host), legs the session-timer policy watches
# (sipsm:session-timers), calls the setup-timeouts policy follows (sipsm:setup-timeouts), and the heap in use
# after a full GC (jcmd GC.run, GC.heap_info). Not part of the build or the test run.
#
#   bench/soak.sh                         # 30 minutes at 50 calls/s, each call held 1 s
#   SOAK_MINUTES=5 SOAK_RATE=100 bench/soak.sh
#
# Steps, all on 127.0.0.1 (ports from PORT_BASE, default 35100; see lib-figures.sh):
#   1. a private copy of the distribution in bench/target/soak-<time>/karaf, a SIPp gateway, one minute of
#      warm-up calls (class loading, JIT, pools), then the baseline once everything of the warm-up is gone;
#   2. one SIPp caller run of SOAK_RATE calls/s for SOAK_MINUTES, sampling every SAMPLE_SECONDS (60) the
#      sessions, the heap in use (no forced GC during the load: its pause would make the host's overload
#      control refuse calls) and the RSS (the time series goes to soak.csv);
#   3. after the last call, polls (at most SETTLE_SECONDS, 300: the container's application sessions may
#      linger up to their 3-minute timeout) until sessions, watched legs and followed calls are back to the
#      baseline, then the heap after a GC again.
# Verdicts: leak PASS when the counts are back to the baseline and the heap after GC is within
# HEAP_TOLERANCE_MB (16) of the baseline; calls PASS when no call failed or was refused (503). Exit status 0
# only when both pass; figures in bench/target/soak-<time>/results.txt and
# bench/target/soak-latest.txt. Bounds: the SIPp run is killed at its duration + 120 s; whole run at most
# SOAK_MINUTES + 15 minutes (everything started is stopped on exit, also on Ctrl-C).
set -euo pipefail
PORT_BASE=${PORT_BASE:-35100}
# shellcheck source=bench/lib-figures.sh
source "$(dirname "$0")/lib-figures.sh"

SOAK_MINUTES=${SOAK_MINUTES:-30}
SOAK_RATE=${SOAK_RATE:-50}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-60}
SETTLE_SECONDS=${SETTLE_SECONDS:-300}
HEAP_TOLERANCE_MB=${HEAP_TOLERANCE_MB:-16}
WARMUP_SECONDS=${WARMUP_SECONDS:-60}

bench_init_strict soak
BENCH_DEADLINE=$((SECONDS + SOAK_MINUTES * 60 + 900))

# counts: "sessions watched_legs followed_calls" now (-1 where unreadable).
counts() {
    local host st su
    host=$(app_sessions)
    st=$(karaf_shell "sipsm:session-timers" 2>/dev/null | awk '/ legs watched, / { print $1 }' || true)
    su=$(karaf_shell "sipsm:setup-timeouts" 2>/dev/null | awk '/^Calls followed now:/ { print $4 }' || true)
    echo "$host ${st:--1} ${su:--1}"
}

# settle BASE_COUNTS: polls until the counts are at most the baseline's, or SETTLE_SECONDS pass; prints them.
settle() {
    local base=$1 now deadline=$((SECONDS + SETTLE_SECONDS))
    while :; do
        now=$(counts)
        if paste -d' ' <(tr ' ' '\n' <<<"$base") <(tr ' ' '\n' <<<"$now") \
            | awk '$2 < 0 || $2 > $1 { bad = 1 } END { exit bad }'; then
            break
        fi
        if [ $SECONDS -ge $deadline ] || [ $SECONDS -ge $BENCH_DEADLINE ]; then break; fi
        sleep 5
    done
    echo "$now"
}

karaf_start_with_shell
gateway_start
result "# sipsm soak, $(machine)"
result "# $SOAK_RATE calls/s for $SOAK_MINUTES min, hold ${HOLD_MS} ms, SIP 127.0.0.1:$SIP_PORT"

log "warm-up: $WARMUP_SECONDS s at $SOAK_RATE calls/s"
caller_run warmup "$SOAK_RATE" "$WARMUP_SECONDS" || true
zero="0 0 0"
base_counts=$(settle "$zero")
base_heap=$(heap_after_gc_mb)
base_rss=$(rss_mb)
result "baseline: sessions/watched legs/followed calls $base_counts, heap after GC ${base_heap} MB, RSS ${base_rss} MB"

echo "epoch,elapsed_s,sessions,watched_legs,followed_calls,heap_used_mb,rss_mb" >"$WORK/soak.csv"
start_ticks=$(cpu_ticks)
start=$SECONDS
log "soak: $SOAK_RATE calls/s for $SOAK_MINUTES min"
# In the background `set -e` would end caller_run at a SIPp exit status that reports failed calls, before it
# notes what was offered: the figures tell about failures.
{ caller_run soak "$SOAK_RATE" $((SOAK_MINUTES * 60)) || true; } &
caller=$!
trap 'kill_tree "$caller"; bench_cleanup' EXIT
while kill -0 "$caller" 2>/dev/null; do
    read -r s w f <<<"$(counts)"
    echo "$(date +%s),$((SECONDS - start)),$s,$w,$f,$(heap_used_mb),$(rss_mb)" | tee -a "$WORK/soak.csv" >&2
    waited=0
    while [ $waited -lt "$SAMPLE_SECONDS" ] && kill -0 "$caller" 2>/dev/null; do
        sleep 1
        waited=$((waited + 1))
    done
done
wait "$caller" || true
trap bench_cleanup EXIT
load_seconds=$((SECONDS - start))
cpu=$(echo "$start_ticks $(cpu_ticks) $(getconf CLK_TCK) $load_seconds" | awk '{ printf "%.0f", 100 * ($2 - $1) / $3 / $4 }')
figures_header | tee -a "$RESULTS"
caller_figures soak | tee -a "$RESULTS"

log "load over; waiting for sessions to return to the baseline (at most $SETTLE_SECONDS s)"
settle_start=$SECONDS
end_counts=$(settle "$base_counts")
settled_after=$((SECONDS - settle_start))
end_heap=$(heap_after_gc_mb)
end_rss=$(rss_mb)
peak_heap=$(awk -F, 'NR > 1 && $6 > m { m = $6 } END { print m + 0 }' "$WORK/soak.csv")
peak_rss=$(awk -F, 'NR > 1 && $7 > m { m = $7 } END { print m + 0 }' "$WORK/soak.csv")
peak_sessions=$(awk -F, 'NR > 1 && $3 > m { m = $3 } END { print m + 0 }' "$WORK/soak.csv")
result "during the soak: Karaf CPU ${cpu}% of one core (average), peak sessions ${peak_sessions}, peak heap in use ${peak_heap} MB, peak RSS ${peak_rss} MB"
result "after the soak (+${settled_after} s): sessions/watched legs/followed calls $end_counts (baseline $base_counts), heap after GC ${end_heap} MB (baseline ${base_heap}), RSS ${end_rss} MB (baseline ${base_rss})"

failed=$(stat_value "$WORK/soak" "FailedCall(C)")
refused=$(grep -c '^REFUSED' "$WORK/soak/calls.log" || true)
verdict=PASS
reasons=""
[ "$end_counts" = "$base_counts" ] || { verdict=FAIL; reasons="$reasons counts not back to the baseline;"; }
awk -v a="$end_heap" -v b="$base_heap" -v t="$HEAP_TOLERANCE_MB" 'BEGIN { exit !(a - b <= t) }' \
    || { verdict=FAIL; reasons="$reasons heap after GC grew by more than ${HEAP_TOLERANCE_MB} MB;"; }
result "soak leak verdict: ${verdict}${reasons:+ (${reasons% ;})} (heap after GC $(awk -v a="$end_heap" -v b="$base_heap" 'BEGIN { printf "%+.1f", a - b }') MB against the baseline)"
calls_verdict=PASS
if [ "$failed" -ne 0 ] || [ "$refused" -ne 0 ]; then calls_verdict=FAIL; fi
result "soak calls verdict: ${calls_verdict} ($(stat_value "$WORK/soak" "TotalCallCreated") calls, ${failed} failed, ${refused} refused with 503)"
cp "$RESULTS" "$BENCH_DIR/target/soak-latest.txt"
log "figures in $RESULTS"
[ "$verdict" = PASS ] && [ "$calls_verdict" = PASS ]
