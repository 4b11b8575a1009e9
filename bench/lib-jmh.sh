# shellcheck shell=bash
# For the benchmarks that run bench/jmh's classes without Karaf (scale.sh, cdr.sh): source it, then call
# jmh_prepare NAME. Builds bench/jmh when it is not built (needs the main install: mvn -B -DskipTests install;
# MVN_REPO names another local Maven repository), and sets JMH_DIR, CP (its class path), WORK
# (bench/target/NAME-<time>) and RESULTS (WORK/results.txt).
jmh_prepare() {
    JMH_DIR="$BENCH_DIR/jmh"
    if [ ! -d "$JMH_DIR/target/lib" ] || [ ! -d "$JMH_DIR/target/classes" ]; then
        echo "building bench/jmh" >&2
        mvn -B -q ${MVN_REPO:+-Dmaven.repo.local="$MVN_REPO"} -f "$JMH_DIR/pom.xml" package
    fi
    WORK="$BENCH_DIR/target/$1-$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$WORK"
    RESULTS="$WORK/results.txt"
    CP="$JMH_DIR/target/classes:$JMH_DIR/target/lib/*"
}
