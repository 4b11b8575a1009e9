# shellcheck shell=bash
# Functions shared by the benchmarks in this folder: a private copy of the built distribution run in the
# background, a SIPp gateway behind the B2BUA, bounded SIPp caller runs and their figures. Source it, call
# bench_init first; everything started is stopped on exit (the EXIT trap), each process by its own id.
#
# Settings (environment):
#   SIP_PORT   host SIP port (default 5060)        GW_PORT    gateway SIPp port (default 5070)
#   CALLER_PORT caller SIPp port (default 5061)    HOLD_MS    how long each answered call is held (1000)
#   DIST       the built distribution (default features/distribution/target/assembly)
#   CALLER_SIPP_OPTS  more SIPp options for the caller runs (default none)
#   SIPSM_HEAP Karaf's -Xmx (default 1g, read by the distribution's bin/setenv)
#   KARAF_SSH_PORT, KARAF_RMI_REGISTRY_PORT, KARAF_RMI_SERVER_PORT   Karaf's own ports (18101, 11099, 14444:
#              not Karaf's defaults, so that the benchmark runs beside a Karaf started by hand or by a test)
# Only 127.0.0.1 is used, for SIP and for Karaf's own ports.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
SIP_PORT=${SIP_PORT:-5060}
GW_PORT=${GW_PORT:-5070}
CALLER_PORT=${CALLER_PORT:-5061}
HOLD_MS=${HOLD_MS:-1000}
DIST=${DIST:-$REPO_DIR/features/distribution/target/assembly}
KARAF_READY_LOG=${KARAF_READY_LOG:-SIP application b2bua deployed}
KARAF_PID=
GATEWAY_PID=
# SIPp's own socket buffers (64 KB by default) overflow at a few thousand datagrams a second: the answers it
# then loses would count as the host's timeouts. The kernel caps this at net.core.rmem_max / wmem_max.
SIPP_BUFFER_BYTES=${SIPP_BUFFER_BYTES:-4194304}

# bench_init NAME: a fresh work folder under bench/target, the cleanup trap, and the tools checked.
bench_init() {
    command -v sipp >/dev/null || { echo "sipp is missing (Debian package sip-tester)" >&2; exit 2; }
    [ -x "$DIST/bin/karaf" ] || { echo "no distribution at $DIST: build it first (see README)" >&2; exit 2; }
    WORK="$BENCH_DIR/target/$1-$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$WORK"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

# `wait` on a stopped process returns its signal status: without `set +e` a script under `set -e` would leave
# here after the gateway and keep Karaf running.
bench_cleanup() {
    set +e
    gateway_stop
    karaf_stop
}

log() {
    echo "[$(date +%H:%M:%S)] $*" >&2
}

# cfg_set FILE KEY VALUE: sets one key of a Karaf .cfg file, adding it when missing.
cfg_set() {
    local file=$1 key=$2 value=$3
    if grep -q -E "^[[:space:]]*${key//./\\.}[[:space:]]*=" "$file" 2>/dev/null; then
        sed -i -E "s|^[[:space:]]*${key//./\\.}[[:space:]]*=.*|${key} = ${value}|" "$file"
    else
        echo "${key} = ${value}" >>"$file"
    fi
}

# karaf_start: copies the distribution into the work folder, binds everything to 127.0.0.1 on the ports
# above, starts bin/karaf in the background in a process group of its own and waits (at most 180 s) until
# the host answers a keep-alive OPTIONS and has logged $KARAF_READY_LOG (the application under test).
karaf_start() {
    KARAF_HOME="$WORK/karaf"
    rm -rf "$KARAF_HOME"
    cp -a "$DIST" "$KARAF_HOME"
    rm -rf "$KARAF_HOME/data"
    local etc="$KARAF_HOME/etc"
    cfg_set "$etc/io.sipsm.host.cfg" port "$SIP_PORT"
    cfg_set "$etc/io.sipsm.host.cfg" address 127.0.0.1
    cfg_set "$etc/io.sipsm.b2bua.cfg" gateways "127.0.0.1:$GW_PORT"
    cfg_set "$etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
    cfg_set "$etc/org.apache.karaf.shell.cfg" sshPort "${KARAF_SSH_PORT:-18101}"
    cfg_set "$etc/org.apache.karaf.management.cfg" rmiRegistryPort "${KARAF_RMI_REGISTRY_PORT:-11099}"
    cfg_set "$etc/org.apache.karaf.management.cfg" rmiServerPort "${KARAF_RMI_SERVER_PORT:-14444}"
    cfg_set "$etc/io.sipsm.metrics.cfg" port "${METRICS_PORT:-9760}"
    log "starting Karaf from $KARAF_HOME (SIP 127.0.0.1:$SIP_PORT, gateway 127.0.0.1:$GW_PORT)"
    setsid "$KARAF_HOME/bin/karaf" server >"$WORK/karaf.out" 2>&1 </dev/null &
    KARAF_PID=$!
    local deadline=$((SECONDS + 180))
    until probe >/dev/null 2>&1; do
        if ! kill -0 "$KARAF_PID" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
            echo "Karaf did not come up; see $WORK/karaf.out and $KARAF_HOME/data/log/karaf.log" >&2
            exit 1
        fi
        sleep 2
    done
    # The host answers keep-alives before the B2BUA is deployed; calls before that would get 404.
    until grep -q "${KARAF_READY_LOG}" "$KARAF_HOME/data/log/karaf.log" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || { echo "no '$KARAF_READY_LOG' in the Karaf log" >&2; exit 1; }
        sleep 1
    done
    log "host answers on 127.0.0.1:$SIP_PORT"
}

karaf_stop() {
    [ -n "$KARAF_PID" ] || return 0
    log "stopping Karaf"
    kill -TERM -- "-$KARAF_PID" 2>/dev/null
    local deadline=$((SECONDS + 30))
    while kill -0 "$KARAF_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 1; done
    kill -KILL -- "-$KARAF_PID" 2>/dev/null
    wait "$KARAF_PID" 2>/dev/null
    KARAF_PID=
}

# host_config KEY VALUE [KEY VALUE...]: changes the host's PID live through its etc file (Felix FileInstall
# applies it) and waits, at most 30 s, for the host to log the overload settings that result.
host_config() {
    local file="$KARAF_HOME/etc/io.sipsm.host.cfg" expect=""
    while [ $# -ge 2 ]; do
        cfg_set "$file" "$1" "$2"
        expect="$1=$2"
        shift 2
    done
    local deadline=$((SECONDS + 30))
    until grep "Overload control:" "$KARAF_HOME/data/log/karaf.log" | tail -n 1 | grep -q "$expect"; do
        [ $SECONDS -lt $deadline ] || { echo "the host did not apply $expect" >&2; exit 1; }
        sleep 1
    done
    log "host configured: $expect"
}

# probe: one keep-alive OPTIONS to the host; succeeds when it is answered 200 within 5 s.
probe() {
    (cd "$WORK" && timeout 10 sipp 127.0.0.1:"$SIP_PORT" -sf "$BENCH_DIR/sipp/probe.xml" -i 127.0.0.1 \
        -p "$((CALLER_PORT + 1))" -m 1 -nostdin -timeout 5s -timeout_error)
}

# gateway_start: a SIPp gateway answering every call on 127.0.0.1:$GW_PORT until gateway_stop.
gateway_start() {
    mkdir -p "$WORK/gateway"
    (cd "$WORK/gateway" && exec sipp -sf "$BENCH_DIR/sipp/gateway.xml" -i 127.0.0.1 -p "$GW_PORT" -nostdin \
        -buff_size "$SIPP_BUFFER_BYTES" -trace_err \
        -timeout 3600s >sipp.out 2>&1) &
    GATEWAY_PID=$!
}

gateway_stop() {
    [ -n "$GATEWAY_PID" ] || return 0
    kill -TERM "$GATEWAY_PID" 2>/dev/null
    wait "$GATEWAY_PID" 2>/dev/null
    GATEWAY_PID=
}

# caller_run LABEL RATE SECONDS: offers RATE calls/s for SECONDS through the B2BUA, each answered call held
# HOLD_MS, then waits for the last calls to end (bounded: 16 s per unanswered message, 60 s in all after the
# last call). Figures go to $WORK/LABEL; read them with caller_figures.
caller_run() {
    local rate=$2 seconds=$3 dir="$WORK/$1"
    mkdir -p "$dir"
    udp_receive_drops >"$dir/drops-before"
    (cd "$dir" && timeout $((seconds + 120)) sipp 127.0.0.1:"$SIP_PORT" -sf "$BENCH_DIR/sipp/caller.xml" \
        -s bench -i 127.0.0.1 -p "$CALLER_PORT" -r "$rate" -m $((rate * seconds)) -l $((rate * 40)) \
        -d "$HOLD_MS" -max_invite_retrans 4 -max_non_invite_retrans 4 -recv_timeout 16000 \
        -buff_size "$SIPP_BUFFER_BYTES" ${CALLER_SIPP_OPTS:-} \
        -timeout $((seconds + 60))s -nostdin \
        -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq "${RTT_FREQ:-200}" -trace_logs -log_file calls.log \
        >sipp.out 2>&1)
    echo "$rate $seconds" >"$dir/offered"
    udp_receive_drops >"$dir/drops-after"
}

# udp_receive_drops: datagrams the kernel dropped so far, machine-wide, for want of room in a socket's receive
# buffer (any socket: the host's, SIPp's); a run's difference says whether its losses were the test bed's.
udp_receive_drops() {
    awk '$1 == "Udp:" && $2 ~ /^[0-9]+$/ { print $6 }' /proc/net/snmp
}

# stat_value DIR COLUMN: the last value of one column of SIPp's statistics file.
stat_value() {
    awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        { v = $c } END { print (v == "" ? 0 : v) + 0 }' "$1/stat.csv"
}

# caller_figures LABEL: one line: offered rate, calls offered, answered, refused with 503, failed, of those
# by timeout, goodput (answered calls completed, per second of offered load), p99 setup time (INVITE to 200),
# datagrams the kernel dropped for full receive buffers during the run.
# setup_p99 LABEL: the 99th percentile of a run's setup times (INVITE to 200), ms, or - when none was answered.
setup_p99() {
    cat "$WORK/$1"/*_rtt.csv 2>/dev/null | awk -F';' '$2 ~ /^[0-9.]+$/ { print $2 }' | sort -n \
        | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.0f", v[i] } }'
}

caller_figures() {
    local dir="$WORK/$1" rate seconds
    read -r rate seconds <"$dir/offered"
    local created answered refused failed timeouts completed p99
    created=$(stat_value "$dir" "TotalCallCreated")
    failed=$(stat_value "$dir" "FailedCall(C)")
    timeouts=$(($(stat_value "$dir" "FailedMaxUDPRetrans(C)") + $(stat_value "$dir" "FailedTimeoutOnRecv(C)") \
        + $(stat_value "$dir" "FailedTimeoutOnSend(C)")))
    answered=$(grep -c '^ANSWERED' "$dir/calls.log" 2>/dev/null || true)
    refused=$(grep -c '^REFUSED' "$dir/calls.log" 2>/dev/null || true)
    completed=$(($(stat_value "$dir" "SuccessfulCall(C)") - refused))
    p99=$(setup_p99 "$1")
    local drops=-
    if [ -s "$dir/drops-before" ] && [ -s "$dir/drops-after" ]; then
        drops=$(($(cat "$dir/drops-after") - $(cat "$dir/drops-before")))
    fi
    printf '%-14s %6s/s %8s %8s %8s %8s %8s %9.1f %9s %9s\n' "$1" "$rate" "$created" "$answered" "$refused" \
        "$failed" "$timeouts" "$(echo "$completed $seconds" | awk '{ print $1 / $2 }')" "$p99" "$drops"
}

figures_header() {
    printf '%-14s %8s %8s %8s %8s %8s %8s %9s %9s %9s\n' run offered calls answered "503" failed timeout \
        goodput/s "p99 ms" "udp drops"
}
