# shellcheck shell=bash
# Additions to lib.sh for the capacity, reload and soak benchmarks (issue 8): strict-mode-safe cleanup, the
# Karaf JVM's id, CPU and resident memory, heap after a GC, the sipsm shell over Karaf's SSH port (bin/client),
# live edits of io.sipsm.sip, and a results file. Source this file (it sources lib.sh), then call
# bench_init_strict NAME.
#
# Ports: everything lives in a block of 100 ports from PORT_BASE (default 35000), so that several of these
# benchmarks (each with its own PORT_BASE) run beside each other and beside a Karaf started by hand:
#   SIP +60, caller +61 (probe +62), gateway +70, Karaf SSH +22, RMI registry +99, RMI server +44, metrics +76.

PORT_BASE=${PORT_BASE:-35000}
SIP_PORT=${SIP_PORT:-$((PORT_BASE + 60))}
CALLER_PORT=${CALLER_PORT:-$((PORT_BASE + 61))}
GW_PORT=${GW_PORT:-$((PORT_BASE + 70))}
export KARAF_SSH_PORT=${KARAF_SSH_PORT:-$((PORT_BASE + 22))}
export KARAF_RMI_REGISTRY_PORT=${KARAF_RMI_REGISTRY_PORT:-$((PORT_BASE + 99))}
export KARAF_RMI_SERVER_PORT=${KARAF_RMI_SERVER_PORT:-$((PORT_BASE + 44))}
export METRICS_PORT=${METRICS_PORT:-$((PORT_BASE + 76))}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The shell user of the private copy only (etc/users.properties of bench/target/.../karaf).
BENCH_SHELL_USER=bench
BENCH_SHELL_PASSWORD=bench
KARAF_JAVA_PID=
SAMPLER_PID=

# bench_init_strict NAME: bench_init, with a cleanup that survives `set -e` (lib.sh's functions let `wait`
# and `kill` fail on processes already gone) and also stops the sampler started here.
bench_init_strict() {
    bench_init "$1"
    RESULTS="$WORK/results.txt"
    : >"$RESULTS"
}

bench_cleanup() {
    set +e
    sampler_stop
    gateway_stop
    karaf_stop
}

# result LINE...: prints a line of figures and appends it to the results file.
result() {
    echo "$*" | tee -a "$RESULTS"
}

# machine: one line describing where the figures were taken.
machine() {
    local jdk load
    jdk=$(java -version 2>&1 | head -n 1)
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), ${jdk}, load average ${load}, SIPSM_HEAP ${SIPSM_HEAP:-1g}"
}

# karaf_start_with_shell: karaf_start, then a shell user in the private copy's etc/users.properties (stock
# Karaf ships none; the login module reads the file at each login), the JVM's id, and the shell polled.
karaf_start_with_shell() {
    karaf_start
    {
        echo "${BENCH_SHELL_USER} = ${BENCH_SHELL_PASSWORD},_g_:admingroup"
        echo "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh"
    } >>"$KARAF_HOME/etc/users.properties"
    KARAF_JAVA_PID=$(pgrep -g "$KARAF_PID" -f 'org.apache.karaf.main.Main' | head -n 1 || true)
    [ -n "$KARAF_JAVA_PID" ] || { echo "cannot find Karaf's JVM under process group $KARAF_PID" >&2; exit 1; }
    log "Karaf JVM pid $KARAF_JAVA_PID"
    # The SSH console starts after the SIP host on a busy machine: poll it with a deadline.
    local deadline=$((SECONDS + 90))
    until karaf_shell "sipsm:host" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || { echo "Karaf's shell does not answer on port $KARAF_SSH_PORT" >&2; exit 1; }
        sleep 2
    done
}

# karaf_shell COMMAND...: runs shell commands (one per argument, in one session) through bin/client in batch
# mode on 127.0.0.1:$KARAF_SSH_PORT and prints their output; fails when the client fails or a command prints an
# error. (bin/client with the command as an argument prints only "Closed" without a terminal; batch mode reading
# the commands from stdin works.)
karaf_shell() {
    local out
    out=$(printf '%s\n' "$@" | JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")} \
        timeout 60 "$KARAF_HOME/bin/client" -h 127.0.0.1 -a "$KARAF_SSH_PORT" -u "$BENCH_SHELL_USER" \
        -p "$BENCH_SHELL_PASSWORD" -r 3 -d 1 -b 2>&1) || { echo "$out" >&2; return 1; }
    if grep -q -E 'Command not found|^Error executing command|Authentication failed|Failed to get the session|^Closed$' <<<"$out"; then
        echo "$out" >&2
        return 1
    fi
    printf '%s\n' "$out"
}

# app_sessions: active application sessions of the B2BUA (sipsm:host), or -1 when unreadable.
app_sessions() {
    local out
    out=$(karaf_shell "sipsm:host" 2>/dev/null) || { echo -1; return 0; }
    # The first table only: the versions table below it also starts its rows with the application's name.
    awk -F'|' '$1 ~ /^ *b2bua *$/ { gsub(/ /, "", $4); print $4; found = 1; exit } END { if (!found) print -1 }' <<<"$out"
}

# cpu_ticks: user + system clock ticks of the Karaf JVM so far.
cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$KARAF_JAVA_PID/stat"
}

# rss_mb: resident memory of the Karaf JVM now, MB.
rss_mb() {
    awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$KARAF_JAVA_PID/status"
}

# heap_after_gc_mb: forces a full GC in the Karaf JVM and prints the heap in use afterwards, MB.
heap_after_gc_mb() {
    jcmd "$KARAF_JAVA_PID" GC.run >/dev/null
    jcmd "$KARAF_JAVA_PID" GC.heap_info | awk '
        / total [0-9]+K, used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); used += v } }
        END { printf "%.1f", used / 1024 }'
}

# heap_used_mb: the heap in use now, without forcing a GC (during load: a forced full GC would pause the host
# and its overload control would refuse calls for it).
heap_used_mb() {
    jcmd "$KARAF_JAVA_PID" GC.heap_info | awk '
        / total [0-9]+K, used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); used += v } }
        END { printf "%.1f", used / 1024 }'
}

# sampler_start FILE: every second, appends "epoch rss_mb cpu_ticks" of the Karaf JVM to FILE until stopped.
sampler_start() {
    local file=$1 pid=$KARAF_JAVA_PID
    (while kill -0 "$pid" 2>/dev/null; do
        echo "$(date +%s) $(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null) $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null)"
        sleep 1
    done) >>"$file" 2>/dev/null &
    SAMPLER_PID=$!
}

sampler_stop() {
    [ -n "$SAMPLER_PID" ] || return 0
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=
}

# setting_is KEY VALUE: polls (30 s) until sipsm:settings shows the global KEY with VALUE. (The configuration
# bundle's log line of the effective settings is cut short by the log layout, so the shell is asked.)
setting_is() {
    local deadline=$((SECONDS + 30))
    until karaf_shell "sipsm:settings" 2>/dev/null \
        | awk -F'|' -v k="$1" -v v="$2" '{ gsub(/ /, "", $1); gsub(/ /, "", $2) } $1 == k && $2 == v { f = 1 } END { exit !f }'; do
        [ $SECONDS -lt $deadline ] || { log "io.sipsm.sip never showed $1=$2"; return 1; }
        sleep 0.5
    done
}

# sip_config KEY VALUE [KEY VALUE...]: edits io.sipsm.sip through the Karaf shell (config:edit,
# config:property-set, config:update) and waits until sipsm:settings shows every pair.
sip_config() {
    local commands=("config:edit io.sipsm.sip") pairs=("$@")
    while [ $# -ge 2 ]; do
        commands+=("config:property-set $1 $2")
        shift 2
    done
    commands+=("config:update")
    karaf_shell "${commands[@]}" >/dev/null || { echo "config:edit io.sipsm.sip failed" >&2; exit 1; }
    set -- "${pairs[@]}"
    while [ $# -ge 2 ]; do
        setting_is "$1" "$2" || exit 1
        shift 2
    done
    log "io.sipsm.sip: ${pairs[*]} applied"
}

# caller_run_to TARGET_PORT LABEL RATE SECONDS: caller_run against any port (the gateway directly for the
# machine's ceiling); never fails the script, the figures tell.
caller_run_to() {
    local saved=$SIP_PORT
    SIP_PORT=$1
    caller_run "$2" "$3" "$4" || true
    SIP_PORT=$saved
}

# kill_tree PID: stops a background job this script started and every process under it (by their ids, found
# from PID downwards), e.g. a caller_run put in the background.
kill_tree() {
    local child
    for child in $(pgrep -P "$1" || true); do
        kill_tree "$child"
    done
    kill -TERM "$1" 2>/dev/null || true
}

# all_answered LABEL: every call of the run was answered and none failed.
all_answered() {
    local dir="$WORK/$1"
    [ "$(stat_value "$dir" "FailedCall(C)")" -eq 0 ] \
        && [ "$(grep -c '^ANSWERED' "$dir/calls.log" 2>/dev/null || true)" -eq "$(stat_value "$dir" "TotalCallCreated")" ] \
        && [ "$(stat_value "$dir" "TotalCallCreated")" -gt 0 ]
}
