#!/usr/bin/env bash
# Capacity: the highest call rate the B2BUA sustains without a single failed call, with every policy enabled
# and with the policies switched off (io.sipsm.sip feature switches), their ratio, the Karaf JVM's CPU and
# resident memory at those rates, and SIPp calling SIPp directly as the ceiling of the machine. Not part of
# the build or the test run.
#
#   bench/capacity.sh
#   RUN_SECONDS=10 RATE_START=100 RATE_MAX=3200 bench/capacity.sh
#
# Steps, all on 127.0.0.1 (ports from PORT_BASE, default 35000; see lib-figures.sh):
#   1. a private copy of the distribution in bench/target/capacity-<time>/karaf, overload control off (a 503
#      is not a carried call; bench/overload.sh measures the control itself), a SIPp gateway, a warm-up run;
#      Karaf is started afresh (and warmed up) for each of the two host searches, so that neither starts on a
#      host still holding the sessions of the other's failed runs (they linger up to the container's
#      3-minute application session timeout);
#   2. for each of: ceiling (SIPp caller straight to the SIPp gateway), policies on (the distribution's
#      defaults: session timer, keep-alive re-INVITE, setup timeouts, PUBLISH expiry on), policies off
#      (SS_SIP_ENABLE_SESSION_TIMER, _NO_TIMER_REINVITE, _SETUP_TIMEOUTS, _PUBLISH_EXPIRE, _100REL false,
#      changed live through the Karaf shell):
#      a search of RUN_SECONDS-long runs: the rate doubles from RATE_START while every call is answered (99 %
#      of them within P99_LIMIT_MS, default 1000: set up later, a call is late for any caller), then
#      bisects between the last good and the first bad rate until they are less than RESOLUTION_PERCENT (10)
#      apart or MAX_RUNS (10) runs are spent. A failed rate is tried once more before it counts as bad (a
#      shared machine hiccups). Between runs the host drains: polled until its application sessions are back
#      to zero and it answers a keep-alive (at most DRAIN_MAX_SECONDS, 90); after a failed run Karaf is
#      started afresh and warmed up again (an overloaded host with overload control off may fill its heap);
#   3. prints each run (offered, answered, failed, goodput, p99 setup, Karaf CPU and RSS) and the summary:
#      sustained rate on and off, their ratio, CPU (% of one core, average over the run) and RSS of Karaf at
#      those rates, and the ceiling. Figures: bench/target/capacity-<time>/results.txt and
#      bench/target/capacity-latest.txt.
# CEILING=0 skips the SIPp-to-SIPp search.
# COMPARE=observability compares, instead of the policies, what an operator watches the host with (issues 24
# and 25): "on" is the distribution as shipped with a scraper pulling the Prometheus endpoint every second
# (METRICS_PORT, default PORT_BASE + 76) and every call's record stored in the embedded database; "off" has the
# bundles sipsm-metrics (endpoint, MBeans, health checks) and sipsm-cdr (the store) stopped. The policies stay
# on in both. COMPARE=exports compares sipsm-metrics alone (scraped every second when on; sipsm-cdr stopped in
# both), COMPARE=records sipsm-cdr alone (sipsm-metrics stopped in both).
# PEAK_ROUNDS=N (default 0) then measures the cost at the peak more finely than a search can: on one fresh
# Karaf, N rounds of four runs at PEAK_RATE (default: the sustained rate found with COMPARE off), on / off / off /
# on, switching what COMPARE compares between runs; each round prints its goodput on / off and Karaf's CPU per
# call on / off, and the summary their medians. SEARCH=0 skips both searches (PEAK_RATE must then be given).
# Bounds: each SIPp run is killed at its duration + 120 s; the whole command stops searching after
# BENCH_MAX_SECONDS (2400) and reports what it found.
set -euo pipefail
PORT_BASE=${PORT_BASE:-35000}
# shellcheck source=bench/lib-figures.sh
source "$(dirname "$0")/lib-figures.sh"

RUN_SECONDS=${RUN_SECONDS:-10}
RATE_START=${RATE_START:-100}
RATE_MAX=${RATE_MAX:-3200}
RESOLUTION_PERCENT=${RESOLUTION_PERCENT:-10}
MAX_RUNS=${MAX_RUNS:-10}
DRAIN_MAX_SECONDS=${DRAIN_MAX_SECONDS:-90}
BENCH_MAX_SECONDS=${BENCH_MAX_SECONDS:-2400}
CEILING=${CEILING:-1}
P99_LIMIT_MS=${P99_LIMIT_MS:-1000}
COMPARE=${COMPARE:-policies}
PEAK_ROUNDS=${PEAK_ROUNDS:-0}
PEAK_RATE=${PEAK_RATE:-}
SEARCH=${SEARCH:-1}
case $COMPARE in policies | observability | exports | records) ;; *)
    echo "COMPARE must be policies, observability, exports or records" >&2; exit 2 ;; esac
[ "$SEARCH" = 1 ] || [ -n "$PEAK_RATE" ] || { echo "SEARCH=0 needs PEAK_RATE" >&2; exit 2; }

bench_init_strict capacity

# drain TARGET: after a run through the host, polls until its sessions are gone and it answers a keep-alive;
# after a run straight to the gateway, until the gateway holds no call (its calls end 4 s after their BYE).
drain() {
    local deadline=$((SECONDS + DRAIN_MAX_SECONDS))
    if [ "$1" = host ]; then
        until [ "$(app_sessions)" = 0 ] && probe >/dev/null 2>&1; do
            [ $SECONDS -lt $deadline ] || { log "host not drained after $DRAIN_MAX_SECONDS s"; return 0; }
            sleep 2
        done
    else
        sleep 5
    fi
}

# run MODE RATE: one bounded run; prints and keeps its figures with Karaf's CPU and RSS; succeeds when every
# call was answered.
run() {
    local mode=$1 rate=$2 label t0 t1 ticks0 ticks1 rss cpu
    label="$mode-$rate-$((++RUN_NO))"
    case $mode in warmup-*) ;; *) JUDGED_RUNS=$((JUDGED_RUNS + 1)) ;; esac
    log "run $label: $rate calls/s for $RUN_SECONDS s"
    ticks0=$(cpu_ticks)
    t0=$(date +%s%N)
    sampler_start "$WORK/$label.samples"
    case $mode:$COMPARE in on:observability | on:exports | peak-on*:observability | peak-on*:exports)
        scraper_start "$WORK/$label.scrapes" ;;
    esac
    if [ "$mode" = ceiling ]; then
        caller_run_to "$GW_PORT" "$label" "$rate" "$RUN_SECONDS"
    else
        caller_run_to "$SIP_PORT" "$label" "$rate" "$RUN_SECONDS"
    fi
    sampler_stop
    scraper_stop
    t1=$(date +%s%N)
    ticks1=$(cpu_ticks)
    cpu=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$(getconf CLK_TCK)" -v ns=$((t1 - t0)) \
        'BEGIN { printf "%.0f", 100 * (b - a) / hz / (ns / 1e9) }')
    rss=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$WORK/$label.samples")
    printf '%s %7s%% %7s\n' "$(caller_figures "$label")" "$cpu" "$rss" | tee -a "$RESULTS" >&2
    echo "$cpu $rss" >"$WORK/$label.karaf"
    if [ -s "$WORK/$label.scrapes" ]; then
        result "  $label: $(wc -l <"$WORK/$label.scrapes") scrapes of the metrics endpoint, $(grep -vc '^200 ' "$WORK/$label.scrapes" || true) not answered 200, $(awk '{ b = $2 } END { print b }' "$WORK/$label.scrapes") bytes the last"
    fi
    if carried "$label"; then
        drain "$([ "$mode" = ceiling ] && echo gateway || echo host)"
        return 0
    fi
    # An overloaded host may not recover in time (with overload control off its queues can fill the heap, and
    # the JVM exits on OutOfMemoryError): the next run starts on a fresh one.
    case $mode in
        on | off) restart_host "$mode" ;;
        *) drain "$([ "$mode" = ceiling ] && echo gateway || echo host)" ;;
    esac
    return 1
}

# carried LABEL: every call of the run answered, 99 % of them within P99_LIMIT_MS: a call set up in 10 s is
# answered, but no caller waits that long (the host queues what it cannot serve when overload control is off).
carried() {
    local p99
    all_answered "$1" || return 1
    p99=$(setup_p99 "$1")
    [ "$p99" != - ] && [ "$p99" -le "$P99_LIMIT_MS" ]
}

# passes MODE RATE: the rate is sustained when a run answers every call; a failure gets one more run.
passes() {
    if run "$1" "$2"; then
        LAST_GOOD_LABEL="$1-$2-$RUN_NO"
        return 0
    fi
    [ $SECONDS -lt "$BENCH_MAX_SECONDS" ] || return 1
    if run "$1" "$2"; then
        LAST_GOOD_LABEL="$1-$2-$RUN_NO"
        return 0
    fi
    return 1
}

# search MODE: sets SEARCH_GOOD (the highest sustained rate, 0 when even RATE_START failed), SEARCH_LABEL (its
# run) and SEARCH_BAD (the lowest rate that failed, 0 when none did).
search() {
    local mode=$1 good=0 bad=0 rate=$RATE_START runs_before=$JUDGED_RUNS good_label=-
    while [ "$rate" -le "$RATE_MAX" ] && [ $((JUDGED_RUNS - runs_before)) -lt "$MAX_RUNS" ] \
        && [ $SECONDS -lt "$BENCH_MAX_SECONDS" ]; do
        if passes "$mode" "$rate"; then
            good=$rate good_label=$LAST_GOOD_LABEL
            rate=$((rate * 2))
        else
            bad=$rate
            break
        fi
    done
    if [ "$bad" -gt 0 ] && [ "$good" -gt 0 ]; then
        while [ $((100 * (bad - good))) -gt $((RESOLUTION_PERCENT * good)) ] \
            && [ $((JUDGED_RUNS - runs_before)) -lt "$MAX_RUNS" ] && [ $SECONDS -lt "$BENCH_MAX_SECONDS" ]; do
            rate=$(((good + bad) / 2))
            if passes "$mode" "$rate"; then
                good=$rate good_label=$LAST_GOOD_LABEL
            else
                bad=$rate
            fi
        done
    fi
    SEARCH_GOOD=$good SEARCH_LABEL=$good_label SEARCH_BAD=$bad
}

# fresh_karaf MODE: Karaf and the gateway started afresh (the previous Karaf's log kept), overload control off,
# then warm-up runs that are not judged.
fresh_karaf() {
    if [ -n "$KARAF_PID" ]; then
        # lib.sh's stops end with `wait`, whose status is the signal's: not a failure here.
        gateway_stop || true
        cp "$KARAF_HOME/data/log/karaf.log" "$WORK/karaf-before-$1.log" 2>/dev/null || true
        karaf_stop || true
    fi
    karaf_start_with_shell
    host_config overload.enabled false
    gateway_start
    # Class loading and the JIT: a freshly started host is slower than one that has carried calls.
    run "warmup-$1" 100 || true
    run "warmup-$1" 500 || true
}

# restart_host MODE: a fresh Karaf with the settings of the search in progress.
restart_host() {
    log "restarting Karaf after a failed run"
    fresh_karaf "$1-after-run-$RUN_NO"
    switch_on_as_shipped
    [ "$1" = on ] || switch_off
}

# compared_bundles: the bundles COMPARE switches; kept_off: those stopped in both halves.
compared_bundles() {
    case $COMPARE in observability) echo "sipsm-metrics sipsm-cdr" ;; exports) echo sipsm-metrics ;; records) echo sipsm-cdr ;; esac
}
kept_off() {
    case $COMPARE in exports) echo sipsm-cdr ;; records) echo sipsm-metrics ;; esac
}

# bundles_stop BUNDLE...: stopped on the running host, or the benchmark stops.
bundles_stop() {
    karaf_shell "bundle:stop $*" >/dev/null
    ! karaf_shell "bundle:list -s $*" | grep -q Active || { echo "$* did not stop" >&2; exit 1; }
    log "$* stopped"
}

# switch_on_as_shipped: after a (re)start, what neither half compares is stopped.
switch_on_as_shipped() {
    local off
    off=$(kept_off)
    [ -z "$off" ] || bundles_stop $off
}

# switch_off: what COMPARE compares, switched off on the running host.
switch_off() {
    if [ "$COMPARE" = policies ]; then
        sip_config SS_SIP_ENABLE_SESSION_TIMER false SS_SIP_ENABLE_NO_TIMER_REINVITE false \
            SS_SIP_ENABLE_SETUP_TIMEOUTS false SS_SIP_ENABLE_PUBLISH_EXPIRE false SS_SIP_ENABLE_100REL false
    else
        bundles_stop $(compared_bundles)
    fi
}

# switch_on: what COMPARE compares, switched on again on the running host.
switch_on() {
    if [ "$COMPARE" = policies ]; then
        # The distribution's defaults (SS_SIP_ENABLE_100REL is off as shipped).
        sip_config SS_SIP_ENABLE_SESSION_TIMER true SS_SIP_ENABLE_NO_TIMER_REINVITE true \
            SS_SIP_ENABLE_SETUP_TIMEOUTS true SS_SIP_ENABLE_PUBLISH_EXPIRE true
    else
        karaf_shell "bundle:start $(compared_bundles)" >/dev/null
        log "$(compared_bundles) started"
    fi
}

# scraper_start FILE: pulls the Prometheus endpoint every second until scraper_stop, one line per scrape (HTTP
# status, bytes) in FILE; a scrape that fails is kept as such, and the run's line says how many did.
SCRAPER_PID=
scraper_start() {
    (
        while :; do
            curl -s -o /dev/null -m 5 -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$METRICS_PORT/metrics" || echo "000 0"
            sleep 1
        done
    ) >"$1" 2>/dev/null &
    SCRAPER_PID=$!
}
scraper_stop() {
    [ -n "$SCRAPER_PID" ] || return 0
    kill "$SCRAPER_PID" 2>/dev/null || true
    wait "$SCRAPER_PID" 2>/dev/null || true
    SCRAPER_PID=
}

RUN_NO=0
JUDGED_RUNS=0
LAST_GOOD_LABEL=-
karaf_start_with_shell
host_config overload.enabled false
gateway_start
idle_rss=$(rss_mb)
result "# sipsm capacity, $(machine)"
result "# ${RUN_SECONDS} s per run, hold ${HOLD_MS} ms, p99 setup at most ${P99_LIMIT_MS} ms, overload control off, SIP 127.0.0.1:$SIP_PORT, gateway :$GW_PORT, comparing $COMPARE on and off"
{
    figures_header | tr -d '\n'
    printf ' %8s %7s\n' "CPU" "RSS MB"
} | tee -a "$RESULTS"

ceiling=- ceiling_bad=0
if [ "$CEILING" = 1 ]; then
    search ceiling
    ceiling=$SEARCH_GOOD ceiling_bad=$SEARCH_BAD
fi
on=0 on_label=- on_bad=0 off=0 off_label=- off_bad=0
if [ "$SEARCH" = 1 ]; then
    fresh_karaf on
    switch_on_as_shipped
    search on
    on=$SEARCH_GOOD on_label=$SEARCH_LABEL on_bad=$SEARCH_BAD
    # What the policies did, kept in the work folder: with them off, these counters must not move.
    karaf_shell "sipsm:session-timers" "sipsm:setup-timeouts" >"$WORK/policies-after-on.txt" 2>&1 || true
    fresh_karaf off
    switch_on_as_shipped
    switch_off
    search off
    off=$SEARCH_GOOD off_label=$SEARCH_LABEL off_bad=$SEARCH_BAD
    karaf_shell "sipsm:session-timers" "sipsm:setup-timeouts" >"$WORK/policies-after-off.txt" 2>&1 || true
fi

karaf_at() {
    if [ "$1" = - ]; then echo "- -"; else cat "$WORK/$1.karaf"; fi
}
read -r on_cpu on_rss <<<"$(karaf_at "$on_label")"
read -r off_cpu off_rss <<<"$(karaf_at "$off_label")"
# per_call CPU_PERCENT RATE: Karaf CPU time per call, ms.
per_call() {
    awk -v c="$1" -v r="$2" 'BEGIN { if (c == "-" || r <= 0) print "-"; else printf "%.2f", c / 100 * 1000 / r }'
}
bound() {
    if [ "$1" -gt 0 ]; then echo "first failing rate $1/s"; else echo "no failing rate up to $RATE_MAX/s"; fi
}
# Peak rounds: on / off / off / on at one rate on one host; per round the goodput and CPU per call of each half.
peak_summary=
if [ "$PEAK_ROUNDS" -gt 0 ]; then
    peak_rate=${PEAK_RATE:-$off}
    fresh_karaf peak
    switch_on_as_shipped
    state=on
    : >"$WORK/peak-rounds.txt"
    for round in $(seq 1 "$PEAK_ROUNDS"); do
        [ $SECONDS -lt "$BENCH_MAX_SECONDS" ] || break
        labels=()
        for half in on off off on; do
            if [ "$half" != "$state" ]; then
                if [ "$half" = off ]; then switch_off; else switch_on; fi
                state=$half
            fi
            run "peak-$half" "$peak_rate" || true
            labels+=("peak-$half-$peak_rate-$RUN_NO")
        done
        # Goodput (field 8 of the run's figures) and Karaf CPU per call, each half the mean of its two runs.
        line=$(for label in "${labels[@]}"; do
            read -r cpu _ <"$WORK/$label.karaf"
            echo "$(caller_figures "$label" | awk '{ print $8 }') $(per_call "$cpu" "$peak_rate")"
        done | awk '{ g[NR] = $1; c[NR] = $2 }
            END { gon = (g[1] + g[4]) / 2; goff = (g[2] + g[3]) / 2; con = (c[1] + c[4]) / 2; coff = (c[2] + c[3]) / 2
                  printf "%.1f %.1f %.3f %.3f %.3f %.3f", gon, goff, (goff > 0 ? gon / goff : 0), con, coff, (coff > 0 ? con / coff : 0) }')
        echo "$line" >>"$WORK/peak-rounds.txt"
        read -r gon goff gratio con coff cratio <<<"$line"
        result "peak round $round at $peak_rate calls/s: goodput on $gon/s, off $goff/s (ratio $gratio); Karaf CPU per call on $con ms, off $coff ms (ratio $cratio)"
    done
    # median COLUMN: of the rounds' figures in that column; lowest COLUMN likewise.
    median() { sort -n -k"$1","$1" "$WORK/peak-rounds.txt" | awk -v c="$1" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }
    lowest() { sort -n -k"$1","$1" "$WORK/peak-rounds.txt" | awk -v c="$1" 'NR == 1 { print $c }'; }
    peak_summary="$(wc -l <"$WORK/peak-rounds.txt") rounds: goodput ratio median $(median 3) (lowest $(lowest 3)), CPU per call ratio median $(median 6)"
fi

result ""
if [ "$SEARCH" = 1 ]; then
    result "sustained, $COMPARE on : ${on} calls/s ($(bound "$on_bad")); Karaf CPU ${on_cpu}% of one core ($(per_call "$on_cpu" "$on") ms per call), RSS ${on_rss} MB"
    result "sustained, $COMPARE off: ${off} calls/s ($(bound "$off_bad")); Karaf CPU ${off_cpu}% of one core ($(per_call "$off_cpu" "$off") ms per call), RSS ${off_rss} MB"
    result "ratio on/off: $(awk -v a="$on" -v b="$off" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
fi
[ -z "$peak_summary" ] || result "at the peak, $peak_rate calls/s, $COMPARE on / off: $peak_summary"
if [ "$CEILING" = 1 ]; then
    result "ceiling, SIPp to SIPp: ${ceiling} calls/s ($(bound "$ceiling_bad"))"
fi
result "Karaf RSS idle after start: ${idle_rss} MB; heap limit ${SIPSM_HEAP:-1g}"
cp "$RESULTS" "$BENCH_DIR/target/capacity-latest.txt"
log "figures in $RESULTS"
