# shellcheck shell=bash
# For the benchmarks that run bench/jmh's classes without Karaf (scale.sh, cdr.sh): source it, then call
# jmh_prepare NAME. Builds bench/jmh every time (a few seconds): its target/lib holds copies of the installed
# bundles, and a copy left from before a change would be measured instead of the change. Needs the main install
# (mvn -B -DskipTests install; MVN_REPO names another local Maven repository). Sets JMH_DIR, CP (its class path),
# WORK (bench/target/NAME-<time>) and RESULTS (WORK/results.txt).
jmh_prepare() {
    JMH_DIR="$BENCH_DIR/jmh"
    echo "building bench/jmh against the installed bundles" >&2
    mvn -B -q ${MVN_REPO:+-Dmaven.repo.local="$MVN_REPO"} -f "$JMH_DIR/pom.xml" package
    WORK="$BENCH_DIR/target/$1-$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$WORK"
    RESULTS="$WORK/results.txt"
    CP="$JMH_DIR/target/classes:$JMH_DIR/target/lib/*"
}
