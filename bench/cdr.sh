#!/usr/bin/env bash
# Call detail records: inserts per second of the store's own writer (CdrWriter) into the embedded H2 database
# as the distribution sets it up (bench/jmh, CdrInsertRun; see README-bench.md): a run flat out, then a run paced
# at RATE records/s, SECONDS each, on a fresh database each. Not part of the build or the test run; runs without
# Karaf or SIPp. The bar of issue 25: twice the host's peak (900-1,000 calls/s, RESULTS.md section 1), i.e. the
# paced run at 2,000/s with no record journaled.
#
#   bench/cdr.sh                      # 30 s per run, paced at 2000/s
#   SECONDS_PER_RUN=60 RATE=3000 bench/cdr.sh
#
# Builds bench/jmh first when it is not built (needs the main install: mvn -B -DskipTests install).
# Figures: bench/target/cdr-<time>/results.txt and bench/target/cdr-latest.txt.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
SECONDS_PER_RUN=${SECONDS_PER_RUN:-30}
RATE=${RATE:-2000}
CDR_HEAP=${CDR_HEAP:-1g}
MVN_REPO=${MVN_REPO:-}

# shellcheck source=bench/lib-jmh.sh
source "$BENCH_DIR/lib-jmh.sh"
jmh_prepare cdr

echo "# sipsm cdr inserts, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee "$RESULTS"
timeout $((SECONDS_PER_RUN * 2 + 300)) java -Xmx"$CDR_HEAP" -Xms"$CDR_HEAP" -XX:+UseG1GC -Djava.io.tmpdir="$WORK" \
    -cp "$CP" io.sipsm.cdr.internal.CdrInsertRun "$SECONDS_PER_RUN" "$RATE" | tee -a "$RESULTS"
echo "# load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
rm -rf "$WORK"/sipsm-cdr-bench-*
cp "$RESULTS" "$BENCH_DIR/target/cdr-latest.txt"
