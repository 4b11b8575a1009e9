#!/usr/bin/env bash
# A sipsm cluster on one machine: N Karaf hosts of the project's distribution and Kamailio in front of them,
# everything on 127.0.0.1 (cluster/README.md).
#
#   cluster/cluster.sh start [N]       fresh cluster: N hosts (default 2) one after the other, then the proxy;
#                                      new copies of the distribution (CLUSTER_WORK is emptied first)
#   cluster/cluster.sh resume          after stop: the same hosts again, keeping their etc/, then the proxy
#   cluster/cluster.sh stop            stops everything this script started (each process by its own id)
#   cluster/cluster.sh start-node I    starts host I again (after stop-node), with the cluster's configuration
#   cluster/cluster.sh stop-node I     drains host I (sipsm:drain: new calls 503, so the proxy sends them to the
#                                      others; waits until its calls have ended, at most CLUSTER_DRAIN s), then
#                                      stops it (SIGTERM to its process group)
#   cluster/cluster.sh rolling-restart restarts every host, one at a time: once every other host has been in
#                                      the proxy's rotation for CLUSTER_STEADY s in a row, stop-node I (drained),
#                                      start-node I, then waits until the proxy has it in rotation
#   cluster/cluster.sh client I CMD    runs a Karaf shell command on host I over SSH
#   cluster/cluster.sh status          hosts, cluster members, what the proxy thinks of each host
#   cluster/cluster.sh proxy-list      the proxy's rotation (dispatcher set 1) and each host's state (FLAGS:
#                                      AP in rotation, IP out of rotation, probed until it answers 200)
#   cluster/cluster.sh wait-active I.. waits (at most 30 s) until the proxy has these hosts in rotation
#
# Settings (environment) and their defaults:
#   CLUSTER_WORK        cluster/target/run     hosts' Karaf copies, Kamailio's files, logs, process ids
#   DIST                features/distribution/target/assembly (build it first: mvn -DskipTests install)
#   CLUSTER_NODES       2                      number of hosts (at most 9)
#   CLUSTER_PROXY_PORT  36060                  Kamailio, UDP
#   CLUSTER_BASE_PORT   36000                  host I: SIP +60+I, SSH +100+I, RMI registry +110+I,
#                                              RMI server +120+I, Hazelcast +130+I, Hazelcast outbound
#                                              +140+10(I-1) .. +149+10(I-1); host 1 of the defaults: SIP 36061
#   CLUSTER_GATEWAYS    127.0.0.1:36070        the B2BUA's gateways, written on every host: a host that
#                                              joins applies its own etc/ while Cellar syncs, so a value
#                                              only the cluster held could be overwritten by the default
#   CLUSTER_PING        2                      seconds between the proxy's OPTIONS probes of each host
#   SIPSM_HEAP          512m                   each host's -Xmx
#   CLUSTER_DRAIN       120                    seconds stop-node waits for a host's calls to end
#   CLUSTER_STEADY      10                     seconds every other host must have been in rotation (taking
#                                              every call) before rolling-restart drains a host; it gives up
#                                              after CLUSTER_STEADY_TIMEOUT (300) s, leaving every host running
#
# Order on every host start: Karaf boots with Cellar but without the SIP host; the script waits until Cellar
# has joined the cluster and synchronised the configurations (cluster:sync --config, which returns when the
# cluster's configurations are applied locally), and only then installs the sipsm feature. The host thus
# answers its first OPTIONS (and the proxy puts it in rotation) with the cluster's current configuration.
set -euo pipefail
# Kamailio and kamcmd live in /usr/sbin, which is not on every user's PATH.
PATH=$PATH:/usr/sbin:/sbin

CLUSTER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$CLUSTER_DIR/.." && pwd)
CLUSTER_WORK=${CLUSTER_WORK:-$CLUSTER_DIR/target/run}
DIST=${DIST:-$REPO_DIR/features/distribution/target/assembly}
CLUSTER_NODES=${CLUSTER_NODES:-2}
CLUSTER_BASE_PORT=${CLUSTER_BASE_PORT:-36000}
CLUSTER_PROXY_PORT=${CLUSTER_PROXY_PORT:-$((CLUSTER_BASE_PORT + 60))}
CLUSTER_GATEWAYS=${CLUSTER_GATEWAYS:-127.0.0.1:$((CLUSTER_BASE_PORT + 70))}
CLUSTER_PING=${CLUSTER_PING:-2}
export SIPSM_HEAP=${SIPSM_HEAP:-512m}
START_TIMEOUT=${START_TIMEOUT:-180}
CLUSTER_DRAIN=${CLUSTER_DRAIN:-120}
CLUSTER_STEADY=${CLUSTER_STEADY:-10}
CLUSTER_STEADY_TIMEOUT=${CLUSTER_STEADY_TIMEOUT:-300}

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { log "$*"; exit 1; }

sip_port() { echo $((CLUSTER_BASE_PORT + 60 + $1)); }
ssh_port() { echo $((CLUSTER_BASE_PORT + 100 + $1)); }
hz_port() { echo $((CLUSTER_BASE_PORT + 130 + $1)); }
metrics_port() { echo $((CLUSTER_BASE_PORT + 200 + $1)); }
node_home() { echo "$CLUSTER_WORK/node$1"; }

# The node count of a running cluster is the one it was started with.
[ -f "$CLUSTER_WORK/nodes" ] && [ "${1:-}" != start ] && CLUSTER_NODES=$(cat "$CLUSTER_WORK/nodes")

# cfg_set FILE KEY VALUE: sets one key of a Karaf .cfg or .properties file, adding it when missing.
cfg_set() {
    local file=$1 key=$2 value=$3
    if grep -q -E "^[[:space:]]*${key//./\\.}[[:space:]]*=" "$file" 2>/dev/null; then
        sed -i -E "s|^[[:space:]]*${key//./\\.}[[:space:]]*=.*|${key} = ${value}|" "$file"
    else
        echo "${key} = ${value}" >>"$file"
    fi
}

members() {
    local i list=""
    for i in $(seq 1 "$CLUSTER_NODES"); do list="$list${list:+,}127.0.0.1:$(hz_port "$i")"; done
    echo "$list"
}

# node_prepare I: a copy of the distribution for host I, bound to 127.0.0.1 on its own ports, with Cellar
# configured and the SIP host left out of the boot features.
node_prepare() {
    local i=$1 home etc
    home=$(node_home "$i")
    etc="$home/etc"
    rm -rf "$home"
    cp -a "$DIST" "$home"
    rm -rf "$home/data"
    cp "$CLUSTER_DIR"/karaf/etc/* "$etc/"
    # Host-local: where this host listens (io.sipsm.host is not replicated).
    cfg_set "$etc/io.sipsm.host.cfg" address 127.0.0.1
    cfg_set "$etc/io.sipsm.host.cfg" port "$(sip_port "$i")"
    # The Prometheus endpoint, one port per host (io.sipsm.metrics is not replicated either).
    cfg_set "$etc/io.sipsm.metrics.cfg" port "$(metrics_port "$i")"
    # On every host, not only the first (bench/rolling.sh, 18:30: a joining host's fileinstall re-read its etc/
    # just as Cellar's sync wrote the cluster's value, pushed the default gateway back to the cluster, and every
    # call of the run went to a gateway that was not there).
    cfg_set "$etc/io.sipsm.b2bua.cfg" gateways "$CLUSTER_GATEWAYS"
    # Karaf's own ports, on 127.0.0.1 only; no shutdown port (the script stops hosts by signal).
    cfg_set "$etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
    cfg_set "$etc/org.apache.karaf.shell.cfg" sshPort "$(ssh_port "$i")"
    cfg_set "$etc/org.apache.karaf.management.cfg" rmiRegistryHost 127.0.0.1
    cfg_set "$etc/org.apache.karaf.management.cfg" rmiRegistryPort $((CLUSTER_BASE_PORT + 110 + i))
    cfg_set "$etc/org.apache.karaf.management.cfg" rmiServerHost 127.0.0.1
    cfg_set "$etc/org.apache.karaf.management.cfg" rmiServerPort $((CLUSTER_BASE_PORT + 120 + i))
    cfg_set "$etc/config.properties" karaf.shutdown.port -1
    # The shell account the script (and an operator on this machine) uses; change it for anything else.
    printf '%s\n' 'karaf = karaf,_g_:admingroup' '_g_\:admingroup = group,admin,manager,viewer,systembus,ssh' \
        >>"$etc/users.properties"
    # Boot with Cellar instead of the SIP host; every sipsm feature of the boot comes after the configuration sync
    # (node_start, from sipsm.features): one that brings sipsm-config (sipsm-metrics does, for its health checks)
    # would otherwise apply the values this host had on disk before the cluster's.
    # Cellar in a second boot stage: its configuration bundle is installed through the wrap: URL handler,
    # which the first stage (standard) provides.
    local features="$etc/org.apache.karaf.features.cfg"
    awk -v later="$home/sipsm.features" '
        /^featuresBoot[[:space:]]*=/ { inboot = 1; sub(/^featuresBoot[[:space:]]*=/, "") }
        inboot {
            line = $0; more = sub(/\\[[:space:]]*$/, "", line)
            n = split(line, items, ",")
            for (k = 1; k <= n; k++) {
                item = items[k]; gsub(/[[:space:]]/, "", item)
                if (item ~ /^sipsm(-[a-z-]+)?\//) {
                    slash = index(item, "/")
                    if (item ~ /^sipsm\//) version = substr(item, slash + 1)
                    print substr(item, 1, slash - 1) > later
                } else if (item != "") list = list (list == "" ? "" : ", ") item
            }
            if (!more) { inboot = 0; print "featuresBoot = (" list "), (sipsm-cluster/" version ")" }
            next
        }
        { print }' "$features" >"$features.new"
    mv "$features.new" "$features"
    grep -q -E "\\(sipsm-cluster/[0-9]" "$features" || die "could not put sipsm-cluster in the boot features"
    grep -q -x sipsm "$home/sipsm.features" || die "no sipsm feature in the boot features"
}

# client I COMMAND: Karaf shell commands (one per line) on host I, bounded to 60 s; the output on stdout.
# Karaf 4.4.10's client closes the session without running a command given as argument: the commands go in
# on standard input (batch mode). Its known_hosts file is kept in the work folder.
client() {
    local i=$1 java_home=${JAVA_HOME:-}
    shift
    # bin/client warns when JAVA_HOME is not set: take the JDK of the java on the PATH.
    [ -n "$java_home" ] || java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    # A short-lived JVM of one core, compiling little: the hosts carry calls on the same cores meanwhile, and a
    # client's start at full tilt (every core, both compilers) is a stall for them.
    printf '%s\n' "$*" | KARAF_OPTS="-Duser.home=$CLUSTER_WORK -XX:ActiveProcessorCount=1 -XX:TieredStopAtLevel=1 \
-XX:+UseSerialGC" JAVA_HOME=$java_home \
        timeout "${CLIENT_TIMEOUT:-60}" "$(node_home "$i")/bin/client" -h 127.0.0.1 -a "$(ssh_port "$i")" -u karaf -p karaf -b 2>&1
}

# live_nodes [EXCEPT]: the hosts running now, but EXCEPT.
live_nodes() {
    local i pidfile
    for i in $(seq 1 "$CLUSTER_NODES"); do
        pidfile="$(node_home "$i")/pid"
        if [ "$i" != "${1:-}" ] && [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            echo "$i"
        fi
    done
}

# forget_stale_entries I: before host I joins, removes from the cluster the configuration entries no running host
# holds. Cellar 4.2.1 keeps one cluster entry per PID, and every host generates its own PID for a factory
# configuration (a tenant): the entries of a host that is down are not updated, and a host that joins applies
# all entries of the same etc/ file in no defined order, so it could take (and publish again) an old tenant.
# An entry no running host holds is such a leftover; cluster:config-delete removes it from the cluster, and the
# hosts that receive the deletion have no configuration with that PID, so nothing local is deleted.
forget_stale_entries() {
    local i=$1 live held entries pid
    live=$(live_nodes "$i")
    [ -n "$live" ] || return 0
    held=$(for n in $live; do client "$n" 'config:list "(service.pid=io.sipsm.*)"'; done \
        | awk '$1 == "Pid:" { print $2 }' | sort -u)
    entries=$(client "$(echo "$live" | head -n 1)" 'cluster:config-list --minimal default' \
        | awk '$1 == "Pid:" { pid = $2 } $1 == "Located:" && $2 == "cluster" && pid ~ /^io\.sipsm\./ { print pid }')
    for pid in $entries; do
        if ! grep -q -x -F "$pid" <<<"$held"; then
            log "host $i joins: removing the cluster entry $pid that no running host holds"
            client "$(echo "$live" | head -n 1)" "cluster:config-delete default $pid" >/dev/null
        fi
    done
}

# take_shared_etc I: before host I starts while others run, its replicated configuration files (io.sipsm.*, but
# the host-local io.sipsm.host and io.sipsm.metrics) become those of a running host, which persists every value
# the cluster gives it. Cellar's sync pulls the same values, but the joining host's fileinstall may apply its own
# etc/ just after the pull and publish it back (bench/rolling.sh, 18:30: the default gateway reached every host):
# with equal files that race changes nothing.
take_shared_etc() {
    local i=$1 from etc f name
    from=$(live_nodes "$i" | head -n 1)
    [ -n "$from" ] || return 0
    from="$(node_home "$from")/etc" etc="$(node_home "$i")/etc"
    for f in "$etc"/io.sipsm.*.cfg; do
        name=$(basename "$f")
        case $name in io.sipsm.host.cfg | io.sipsm.metrics.cfg) continue ;; esac
        [ -e "$from/$name" ] || rm -f "$f"
    done
    for f in "$from"/io.sipsm.*.cfg; do
        name=$(basename "$f")
        case $name in io.sipsm.host.cfg | io.sipsm.metrics.cfg) continue ;; esac
        cmp -s "$f" "$etc/$name" || { cp "$f" "$etc/$name"; log "host $i takes $name from a running host"; }
    done
}

# node_start I: starts host I and waits until it answers OPTIONS with the cluster's configuration.
node_start() {
    local i=$1 home pid deadline
    home=$(node_home "$i")
    [ -d "$home" ] || node_prepare "$i"
    if [ -f "$home/pid" ] && kill -0 "$(cat "$home/pid")" 2>/dev/null; then
        die "host $i runs already (pid $(cat "$home/pid"))"
    fi
    # Fresh runtime state each start: installed features and cached configurations come back from etc/ and
    # from the cluster, never from a stale cache. The log of the host's last run is kept beside (log.1, log.2 ...):
    # what a host did before a restart is what explains a restart under load.
    if [ -d "$home/data/log" ]; then
        local run=1
        while [ -e "$home/log.$run" ]; do run=$((run + 1)); done
        mv "$home/data/log" "$home/log.$run"
    fi
    rm -rf "$home/data"
    forget_stale_entries "$i"
    take_shared_etc "$i"
    log "starting host $i: SIP udp 127.0.0.1:$(sip_port "$i"), SSH $(ssh_port "$i"), Hazelcast $(hz_port "$i")"
    local outbound=$((CLUSTER_BASE_PORT + 140 + 10 * (i - 1)))
    EXTRA_JAVA_OPTS="-Dhazelcast.local.localAddress=127.0.0.1 -Dsipsm.cluster.port=$(hz_port "$i") \
-Dsipsm.cluster.members=$(members) -Dsipsm.cluster.outbound.ports=$outbound-$((outbound + 9)) \
-Dkaraf.name=sipsm-node$i" \
        setsid "$home/bin/karaf" server >"$home/karaf.out" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$home/pid"
    deadline=$((SECONDS + START_TIMEOUT))
    # 0. Hazelcast started, as its log says: each shell round trip below starts a JVM, and while a host restarts
    # under load the hosts left carry every call on the same cores, so the shell is not polled before then.
    until grep -q "\[127.0.0.1\]:$(hz_port "$i") is STARTED" "$home/data/log/karaf.log" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || die "host $i exited; see $home/karaf.out and $home/data/log/karaf.log"
        [ $SECONDS -lt $deadline ] || break
        sleep 1
    done
    # 1. Cellar up and joined: the shell answers cluster commands.
    until client "$i" "cluster:node-list" 2>/dev/null | grep -q "127.0.0.1:$(hz_port "$i")"; do
        kill -0 "$pid" 2>/dev/null || die "host $i exited; see $home/karaf.out and $home/data/log/karaf.log"
        [ $SECONDS -lt $deadline ] || die "host $i: Cellar not up after ${START_TIMEOUT}s"
        sleep 2
    done
    # 2. The cluster's configurations applied here (pull, then push what the cluster lacks).
    client "$i" "cluster:sync --config" >"$home/sync.out" || die "host $i: cluster:sync failed: $(cat "$home/sync.out")"
    # 3. Only now the SIP host, the applications and the rest of the boot's sipsm features. Without a refresh: the
    # new bundles export packages that Cellar's and Hazelcast's optional imports would then be rewired to, and
    # the refresh restarted Cellar (the host left the cluster) and cut this shell command short (clean-clone CI).
    local features
    features=$(tr '\n' ' ' <"$home/sipsm.features")
    client "$i" "feature:install --no-auto-refresh $features" >"$home/install.out" \
        || die "host $i: feature:install of $features failed"
    until grep -q "SIP application b2bua deployed" "$home/data/log/karaf.log" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || die "host $i exited; see $home/data/log/karaf.log"
        [ $SECONDS -lt $deadline ] || die "host $i: the B2BUA was not deployed after ${START_TIMEOUT}s"
        sleep 1
    done
    log "host $i takes calls on 127.0.0.1:$(sip_port "$i")"
}

# stop_pid FILE: SIGTERM to the process group whose leader's id FILE holds, SIGKILL after 30 s.
stop_pid() {
    local file=$1 pid deadline
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || true
        deadline=$((SECONDS + 30))
        while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    # The group may outlive its leader (Karaf's JVM is a child of bin/karaf).
    if pgrep -g "$pid" >/dev/null 2>&1; then
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

# node_stop I [now]: drains host I, then stops it; with "now" (the whole cluster stops) it is not drained.
node_stop() {
    local i=$1 pidfile
    pidfile="$(node_home "$i")/pid"
    if [ "${2:-}" != now ] && [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        log "draining host $i (at most ${CLUSTER_DRAIN} s)"
        CLIENT_TIMEOUT=$((CLUSTER_DRAIN + 30)) client "$i" "sipsm:drain --timeout $CLUSTER_DRAIN" | sed 's/^/  /' || true
    fi
    log "stopping host $i"
    stop_pid "$pidfile"
}

proxy_start() {
    local run="$CLUSTER_WORK/kamailio" i
    command -v kamailio >/dev/null || die "kamailio is missing (Debian package kamailio)"
    mkdir -p "$run"
    : >"$run/dispatcher.list"
    for i in $(seq 1 "$CLUSTER_NODES"); do
        # Set 1, the rotation, flags 9: inactive and probing. A host enters rotation with its first 200 to OPTIONS.
        echo "1 sip:127.0.0.1:$(sip_port "$i") 9" >>"$run/dispatcher.list"
    done
    for i in $(seq 1 "$CLUSTER_NODES"); do
        # Set 2, flags 0: the same hosts, never probed, for when no host is in rotation (kamailio.cfg).
        echo "2 sip:127.0.0.1:$(sip_port "$i") 0" >>"$run/dispatcher.list"
    done
    sed -e "s|@PROXY_PORT@|$CLUSTER_PROXY_PORT|g" -e "s|@RUN_DIR@|$run|g" -e "s|@PING_INTERVAL@|$CLUSTER_PING|g" \
        "$CLUSTER_DIR/kamailio/kamailio.cfg" >"$run/kamailio.cfg"
    kamailio -c -f "$run/kamailio.cfg" >"$run/check.out" 2>&1 || die "kamailio.cfg does not load: $(cat "$run/check.out")"
    log "starting Kamailio on udp 127.0.0.1:$CLUSTER_PROXY_PORT"
    setsid kamailio -f "$run/kamailio.cfg" -DD -E -m 64 -M 8 -Y "$run" -P "$run/kamailio.pid" \
        >"$run/kamailio.log" 2>&1 </dev/null &
    echo $! >"$run/pid"
}

proxy_stop() {
    log "stopping Kamailio"
    stop_pid "$CLUSTER_WORK/kamailio/pid"
}

proxy_rpc() {
    kamcmd -s "unix:$CLUSTER_WORK/kamailio/kamailio.ctl" "$@"
}

# proxy_rotation: the proxy's destination list, set 1 only (the rotation; set 2 is its fallback, never probed).
proxy_rotation() {
    local out
    out=$(proxy_rpc dispatcher.list) || return 1
    awk '/^[[:space:]]*SET: \{/ { depth = 0; inset = 1; keep = 0; buf = "" }
        inset { buf = buf $0 "\n"; if ($1 == "ID:") keep = ($2 == 1)
            n = gsub(/\{/, "{"); m = gsub(/\}/, "}"); depth += n - m
            if (depth == 0 && buf != "") { if (keep) printf "%s", buf; inset = 0 }
            next }
        { print }' <<<"$out"
}

# proxy_wait_active I...: waits (at most 30 s) until the proxy has these hosts in rotation.
proxy_wait_active() {
    local i deadline=$((SECONDS + 30))
    for i in "$@"; do
        until proxy_rotation 2>/dev/null | grep -A2 "sip:127.0.0.1:$(sip_port "$i")" | grep -q 'FLAGS: AP'; do
            [ $SECONDS -lt $deadline ] || die "the proxy has not put host $i in rotation"
            sleep 0.5
        done
    done
}

# proxy_wait_steady I...: waits until these hosts have all been in rotation for CLUSTER_STEADY s in a row (the
# proxy probes each every CLUSTER_PING s; a host that sheds any share of its calls answers 503 and leaves the
# rotation); fails after CLUSTER_STEADY_TIMEOUT s. A host drained while the others shed has its new calls refused
# by all (bench/RESULTS.md, section 5), and a host just restarted warms up on its share before it carries all.
proxy_wait_steady() {
    local i all since="" deadline=$((SECONDS + CLUSTER_STEADY_TIMEOUT)) rotation
    while :; do
        all=1
        rotation=$(proxy_rotation 2>/dev/null) || all=0
        for i in "$@"; do
            grep -A2 "sip:127.0.0.1:$(sip_port "$i")" <<<"$rotation" | grep -q 'FLAGS: AP' || all=0
        done
        if [ $all = 1 ]; then
            since=${since:-$SECONDS}
            [ $((SECONDS - since)) -lt "$CLUSTER_STEADY" ] || return 0
        else
            since=""
        fi
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.5
    done
}

case "${1:-}" in
    start)
        CLUSTER_NODES=${2:-$CLUSTER_NODES}
        [ "$CLUSTER_NODES" -ge 1 ] && [ "$CLUSTER_NODES" -le 9 ] || die "1 to 9 hosts"
        [ -x "$DIST/bin/karaf" ] || die "no distribution at $DIST: mvn -DskipTests install first"
        for i in $(seq 1 "$CLUSTER_NODES"); do
            pidfile="$(node_home "$i")/pid"
            if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
                die "a cluster runs from $CLUSTER_WORK: stop it first"
            fi
        done
        rm -rf "$CLUSTER_WORK"
        mkdir -p "$CLUSTER_WORK"
        echo "$CLUSTER_NODES" >"$CLUSTER_WORK/nodes"
        for i in $(seq 1 "$CLUSTER_NODES"); do
            node_prepare "$i"
            node_start "$i"
        done
        proxy_start
        proxy_wait_active $(seq 1 "$CLUSTER_NODES")
        log "cluster up: calls to udp 127.0.0.1:$CLUSTER_PROXY_PORT"
        ;;
    resume)
        [ -f "$CLUSTER_WORK/nodes" ] || die "no cluster in $CLUSTER_WORK: use start"
        for i in $(seq 1 "$CLUSTER_NODES"); do
            [ -n "$(live_nodes | grep -x "$i" || true)" ] || node_start "$i"
        done
        [ -f "$CLUSTER_WORK/kamailio/pid" ] && kill -0 "$(cat "$CLUSTER_WORK/kamailio/pid")" 2>/dev/null \
            || proxy_start
        proxy_wait_active $(seq 1 "$CLUSTER_NODES")
        log "cluster up: calls to udp 127.0.0.1:$CLUSTER_PROXY_PORT"
        ;;
    stop)
        proxy_stop
        for i in $(seq "$CLUSTER_NODES" -1 1); do node_stop "$i" now; done
        ;;
    start-node)
        node_start "${2:?host number}"
        ;;
    stop-node)
        node_stop "${2:?host number}"
        ;;
    rolling-restart)
        for i in $(live_nodes); do
            others=$(live_nodes "$i" | tr '\n' ' ')
            waited_at=$SECONDS
            if [ -n "$others" ] && ! proxy_wait_steady $others; then
                die "rolling restart stopped before host $i, every host still running: host(s) ${others% } not \
in rotation for ${CLUSTER_STEADY} s in a row within ${CLUSTER_STEADY_TIMEOUT} s (refusing calls); draining host $i \
now would have the calls it refuses refused by all"
            fi
            log "host(s) ${others% } in rotation for ${CLUSTER_STEADY} s in a row (waited $((SECONDS - waited_at)) s)"
            started_at=$SECONDS
            node_stop "$i"
            node_start "$i"
            proxy_wait_active "$i"
            log "host $i restarted and in rotation again after $((SECONDS - started_at)) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
        done
        ;;
    client)
        i=${2:?host number}
        shift 2
        client "$i" "$@"
        ;;
    status)
        for i in $(seq 1 "$CLUSTER_NODES"); do
            pidfile="$(node_home "$i")/pid"
            if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
                echo "host $i: running (pid $(cat "$pidfile")), SIP 127.0.0.1:$(sip_port "$i")"
            else
                echo "host $i: stopped"
            fi
        done
        for i in $(seq 1 "$CLUSTER_NODES"); do
            pidfile="$(node_home "$i")/pid"
            if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
                client "$i" "cluster:node-list"
                break
            fi
        done
        proxy_rotation 2>/dev/null || echo "proxy: not running"
        ;;
    proxy-list)
        proxy_rotation
        ;;
    wait-active)
        shift
        proxy_wait_active "$@"
        ;;
    *)
        sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
