#!/usr/bin/env bash
# Runs the whole benchmark suite on this machine and writes the report:
#   1. JMH: the starter's cost against the limit (direct call, empty aspect) and against its peers;
#   2. the memory and thread bounds (one million discrepancies, a secondary that hangs);
#   3. a closed-loop HTTP load run of the sample app in OLD, SHADOW and REVERSE_SHADOW;
# then fills the results section of benchmarks/README.md (and results/RESULTS.md) from the raw files.
# Settings (forks, warm-up, iterations) are chosen for stable numbers on a 2-core machine; override
# them with JMH_ARGS. Takes about 25 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/benchmarks/results"
jar="$root/benchmarks/target/benchmarks.jar"
app_jar="$root/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
port=${LOAD_PORT:-18080}
jmh_args=${JMH_ARGS:-"-f 2 -wi 5 -w 1s -i 5 -r 2s"}
load_connections=${LOAD_CONNECTIONS:-16}
load_args="sample.pricing.v1-latency=5ms, v2-latency=10ms, migration.executor.threads=32, ${load_connections} connections, 10 s warm-up and 30 s per mode"

./mvnw -q -B -DskipTests package
mkdir -p "$results"

commit=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain -- . ':!benchmarks/results' ':!benchmarks/README.md')" ] || commit="$commit with local changes"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
cat > "$results/run.properties" <<PROPS
date=$(date -u +%Y-%m-%dT%H:%MZ)
commit=$commit
machine=$(nproc) cores ($cpu), $memory, $(uname -sr)
java=$(java -version 2>&1 | head -n 1 | sed 's/"//g')
jmhArgs=$jmh_args
loadArgs=$load_args
PROPS

echo "== JMH"
# shellcheck disable=SC2086
java -jar "$jar" $jmh_args -rf json -rff "$results/jmh.json" 'io\.github\.phasedmigration\.benchmarks\.jmh\..*'

echo "== memory and threads"
java -Xmx1g -cp "$jar" io.github.phasedmigration.benchmarks.memory.MemoryCheck "$results/memory.json"

echo "== load run"
java -Xmx1g -jar "$app_jar" --server.port="$port" \
  --sample.pricing.v1-latency=5ms --sample.pricing.v2-latency=10ms \
  --migration.executor.threads=32 --migration.executor.queue-capacity=1000 \
  --logging.level.root=WARN > "$results/sample-app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/actuator/health" > /dev/null && break
  sleep 1
done
java -cp "$jar" io.github.phasedmigration.benchmarks.load.LoadRun "http://127.0.0.1:$port" pricing-v2 \
  '/quotes?sku=BOOK&quantity=3' OLD,SHADOW,REVERSE_SHADOW "$load_connections" 10 30 "$results/load.json"
kill $app
wait $app 2>/dev/null || true
trap - EXIT

echo "== report"
java -cp "$jar" io.github.phasedmigration.benchmarks.report.ReportWriter "$results" "$root/benchmarks/README.md"
