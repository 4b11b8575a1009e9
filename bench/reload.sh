#!/usr/bin/env bash
# Reload under load: live configuration edits through the Karaf shell (bin/client on the SSH port) while calls
# run through the B2BUA, and the calls that failed meanwhile (expected 0). Not part of the build or the test run.
#
#   bench/reload.sh
#   RELOAD_RATE=100 RELOAD_SECONDS=60 bench/reload.sh
#
# Steps, all on 127.0.0.1 (ports from PORT_BASE, default 35200; see lib-figures.sh):
#   1. a private copy of the distribution in bench/target/reload-<time>/karaf with a shell user of its own,
#      a SIPp gateway and a warm-up run;
#   2. one SIPp caller run of RELOAD_RATE calls/s (default 100) for RELOAD_SECONDS (60); meanwhile, every
#      EDIT_EVERY seconds (8), one edit through the shell, each checked before the next (the configuration
#      bundle's effective settings in sipsm:settings; sipsm:tenants lists the tenant):
#        a. config:edit io.sipsm.sip, SS_SIP_TIMEOUT_RINGING 90, config:update       (global timer key)
#        b. config:edit --factory --alias bench io.sipsm.sip.tenant, a domain selector and
#           SS_SIP_TIMEOUT_RINGING 30, config:update                                 (new tenant)
#        c. the tenant's SS_SIP_TIMEOUT_RINGING to 45 and SS_SIP_SESSION_EXPIRES to 900 (tenant edit)
#        d. io.sipsm.sip SS_SIP_RESEND_INTERVAL 0.25,0.5,1,2,2,2 (the host's T1/T2 change for new transactions)
#        e. io.sipsm.sip SS_SIP_TIMEOUT_RINGING back to 120, and the tenant deleted (config:delete)
#   3. prints each edit with its time and how long the shell took, then the run's figures and the calls that
#      failed or were refused: in the whole run, and in the reload window (first edit to 20 s after the last,
#      SIPp's per-second statistics; a call that fails is counted when it fails, at most 16 s later).
# Figures: bench/target/reload-<time>/results.txt and bench/target/reload-latest.txt. Bounds: the SIPp run is
# killed at its duration + 120 s, every shell call at 60 s; everything started is stopped on exit.
set -euo pipefail
PORT_BASE=${PORT_BASE:-35200}
# shellcheck source=bench/lib-figures.sh
source "$(dirname "$0")/lib-figures.sh"

RELOAD_RATE=${RELOAD_RATE:-100}
RELOAD_SECONDS=${RELOAD_SECONDS:-60}
EDIT_EVERY=${EDIT_EVERY:-8}

bench_init_strict reload

# global_applied KEY=VALUE: polls (30 s) until sipsm:settings shows the global value.
global_applied() {
    setting_is "${1%%=*}" "${1#*=}"
}

# tenant_shows PATTERN: polls (30 s) until sipsm:tenants prints a line matching PATTERN (or, with !PATTERN,
# none does).
tenant_shows() {
    local deadline=$((SECONDS + 30)) want=$1 negate=0
    if [ "${want:0:1}" = "!" ]; then negate=1 want=${want:1}; fi
    while :; do
        if karaf_shell "sipsm:tenants" | grep -q -E "$want"; then
            [ $negate = 1 ] || return 0
        else
            [ $negate = 0 ] || return 0
        fi
        [ $SECONDS -lt $deadline ] || { log "sipsm:tenants never matched $1"; return 1; }
        sleep 0.5
    done
}

EDIT_NO=0
# edit NAME CHECK_FUNCTION CHECK_ARG COMMAND...: one edit through the shell, timed, then its check.
edit() {
    local name=$1 check=$2 arg=$3 t0 t1 status=applied
    shift 3
    t0=$(date +%s.%N)
    if ! karaf_shell "$@" >>"$WORK/shell.log"; then
        status="shell failed"
    elif ! "$check" "$arg"; then
        status="not applied"
    fi
    t1=$(date +%s.%N)
    EDIT_NO=$((EDIT_NO + 1))
    [ -n "${FIRST_EDIT:-}" ] || FIRST_EDIT=${t0%.*}
    LAST_EDIT=${t1%.*}
    [ "$status" = applied ] || EDIT_FAILURES=$((EDIT_FAILURES + 1))
    result "$(printf 'edit %d at %s (+%5.1f s into the run): %-60s %s in %.1f s' "$EDIT_NO" \
        "$(date -d "@${t0%.*}" +%H:%M:%S)" "$(awk -v a="$t0" -v b="$RUN_START" 'BEGIN { print a - b }')" "$name" \
        "$status" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")"
}

# pause_until SECONDS_INTO_RUN: paces the edits (not a readiness wait: the run is going on meanwhile).
pause_until() {
    local now
    now=$(date +%s.%N)
    awk -v t="$RUN_START" -v at="$1" -v now="$now" 'BEGIN { d = t + at - now; if (d > 0) printf "%.2f", d; else print 0 }' \
        | xargs sleep
}

# failed_between LABEL FROM TO: calls failed in SIPp's periods ending between the two epochs.
failed_between() {
    awk -F';' -v from="$2" -v to="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "FailedCall(P)") c = i; next }
        { split($3, t, "\t"); if (t[3] + 0 >= from && t[3] + 0 <= to) n += $c } END { print n + 0 }' "$WORK/$1/stat.csv"
}

karaf_start_with_shell
gateway_start
result "# sipsm reload under load, $(machine)"
result "# $RELOAD_RATE calls/s for $RELOAD_SECONDS s, hold ${HOLD_MS} ms, an edit every $EDIT_EVERY s, SIP 127.0.0.1:$SIP_PORT, shell 127.0.0.1:$KARAF_SSH_PORT"
caller_run warmup "$RELOAD_RATE" 10 || true

EDIT_FAILURES=0
RUN_START=$(date +%s.%N)
# In the background `set -e` would end caller_run at a SIPp exit status that reports failed calls, before it
# notes what was offered: the figures tell about failures.
{ caller_run load "$RELOAD_RATE" "$RELOAD_SECONDS" || true; } &
caller=$!
trap 'kill_tree "$caller"; bench_cleanup' EXIT

pause_until "$EDIT_EVERY"
edit "io.sipsm.sip SS_SIP_TIMEOUT_RINGING=90" global_applied "SS_SIP_TIMEOUT_RINGING=90" \
    "config:edit io.sipsm.sip" "config:property-set SS_SIP_TIMEOUT_RINGING 90" "config:update"
pause_until $((2 * EDIT_EVERY))
edit "new tenant bench (domain:bench.example.com, RINGING=30)" tenant_shows "^ *bench +\| domain:bench\.example\.com" \
    "config:edit --factory --alias bench io.sipsm.sip.tenant" \
    "config:property-set tenant.selector domain:bench.example.com" \
    "config:property-set SS_SIP_TIMEOUT_RINGING 30" "config:update"
tenant_pid=$(karaf_shell "sipsm:tenants" | awk -F'|' '$1 ~ /^ *bench *$/ { gsub(/ /, "", $4); print $4 }')
pause_until $((3 * EDIT_EVERY))
edit "tenant bench RINGING=45, SESSION_EXPIRES=900" tenant_shows "^ *bench .*SS_SIP_SESSION_EXPIRES" \
    "config:edit ${tenant_pid:-missing}" "config:property-set SS_SIP_TIMEOUT_RINGING 45" \
    "config:property-set SS_SIP_SESSION_EXPIRES 900" "config:update"
pause_until $((4 * EDIT_EVERY))
edit "io.sipsm.sip SS_SIP_RESEND_INTERVAL=0.25,0.5,1,2,2,2" global_applied "SS_SIP_RESEND_INTERVAL=0.25,0.5,1,2,2,2" \
    "config:edit io.sipsm.sip" "config:property-set SS_SIP_RESEND_INTERVAL 0.25,0.5,1,2,2,2" "config:update"
pause_until $((5 * EDIT_EVERY))
edit "io.sipsm.sip SS_SIP_TIMEOUT_RINGING=120, tenant deleted" tenant_shows "!^ *bench " \
    "config:edit io.sipsm.sip" "config:property-set SS_SIP_TIMEOUT_RINGING 120" "config:update" \
    "config:delete ${tenant_pid:-missing}"
karaf_shell "sipsm:settings" >"$WORK/settings-after.txt" || true

wait "$caller" || true
trap bench_cleanup EXIT
figures_header | tee -a "$RESULTS"
caller_figures load | tee -a "$RESULTS"
window_failed=$(failed_between load "$FIRST_EDIT" $((LAST_EDIT + 20)))
total_failed=$(stat_value "$WORK/load" "FailedCall(C)")
refused=$(grep -c '^REFUSED' "$WORK/load/calls.log" || true)
created=$(stat_value "$WORK/load" "TotalCallCreated")
answered=$(grep -c '^ANSWERED' "$WORK/load/calls.log" || true)
result "edits: $EDIT_NO, not applied: $EDIT_FAILURES"
result "calls failed during reload (first edit to last edit + 20 s): $window_failed"
result "calls in the run: $created offered, $answered answered, $total_failed failed, $refused refused (503)"
verdict=FAIL
if [ "$window_failed" -eq 0 ] && [ "$total_failed" -eq 0 ] && [ "$refused" -eq 0 ] && [ "$EDIT_FAILURES" -eq 0 ] \
    && [ "$answered" -eq "$created" ]; then
    verdict=PASS
fi
result "reload verdict: $verdict"
cp "$RESULTS" "$BENCH_DIR/target/reload-latest.txt"
log "figures in $RESULTS"
[ "$verdict" = PASS ]
