#!/usr/bin/env bash
# Runs the whole benchmark suite on this machine and writes the report:
#   1. JMH: the starter's cost against the limit (direct call, empty aspect) and against its peers,
#      and a dual write with the durable journal on PostgreSQL against the same writes by hand;
#   2. the memory and thread bounds (one million discrepancies, a secondary that hangs);
#   3. a closed-loop HTTP load run of the sample app in OLD, SHADOW and REVERSE_SHADOW;
#   4. the journal's replay throughput on PostgreSQL;
# then fills the results section of benchmarks/README.md (and results/RESULTS.md) from the raw files.
# Settings (forks, warm-up, iterations) are chosen for stable numbers on a 2-core machine; override
# them with JMH_ARGS. Takes about 43 minutes.
#
#   benchmarks/run.sh            everything but the backfill's part
#   benchmarks/run.sh journal    only the journal's part (JMH JournalBenchmark and the replay run, about
#                                4 minutes); the other results stay as they are
#   benchmarks/run.sh backfill   only the backfill's part: a million rows copied from MariaDB to PostgreSQL
#                                by the starter's backfill and by hand, and verified (about 12 minutes);
#                                the other results stay as they are
#   benchmarks/run.sh reactive   only JMH's ReactiveLatencyBenchmark (caller latency of Mono methods in OLD,
#                                SHADOW and REVERSE_SHADOW, about 2 minutes; no database); the other results stay
#   benchmarks/run.sh overhead   only JMH's OverheadBenchmark (the machinery's cost per call, about 7 minutes;
#                                no database); the other results stay as they are
#   benchmarks/run.sh shortcuts  only JMH's KeyExpressionBenchmark and RowMapperBenchmark (the hand-written
#                                shortcuts against the library paths they replace, about 10 minutes; H2 in
#                                memory, no server); the other results stay as they are
#
# The journal's part needs PostgreSQL: by default postgres@127.0.0.1:5432 without password, else
# PM_TEST_POSTGRESQL_HOST, _PORT, _USER and _PASSWORD (the variables of the tests). The backfill's part
# needs MariaDB too: root@127.0.0.1:3306 with an empty password, else PM_TEST_MARIADB_HOST, ... Each
# trial creates a database of its own (pm_bench_<random>) on each server it uses and drops it.
# SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/benchmarks/results"
jar="$root/benchmarks/target/benchmarks.jar"
app_jar="$root/sample-app/target/sample-app-0.1.0-SNAPSHOT-exec.jar"
port=${LOAD_PORT:-18080}
jmh_args=${JMH_ARGS:-"-f 2 -wi 5 -w 1s -i 5 -r 2s"}
load_connections=${LOAD_CONNECTIONS:-16}
load_args="sample.pricing.v1-latency=5ms, v2-latency=10ms, migration.executor.threads=32, ${load_connections} connections, 10 s warm-up and 30 s per mode"

part=${1:-all}
case "$part" in
  all|journal|backfill|overhead|reactive|shortcuts) ;;
  *) echo "usage: $0 [journal|backfill|overhead|reactive|shortcuts]" >&2; exit 2 ;;
esac

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  if [ "$part" != all ]; then
    ./mvnw -q -B -DskipTests -pl benchmarks -am package
  else
    ./mvnw -q -B -DskipTests package
  fi
fi
mkdir -p "$results"

# before anything long: the journal's part cannot run without its database, the backfill's without both
# (the overhead's, reactive's and shortcuts' parts need none)
servers=postgresql
[ "$part" != backfill ] || servers="postgresql mariadb"
# shellcheck disable=SC2086
if [ "$part" != overhead ] && [ "$part" != reactive ] && [ "$part" != shortcuts ] && ! problem=$(java -cp "$jar" io.github.phasedmigration.benchmarks.journal.BenchmarkDatabase $servers); then
  echo "$problem" >&2
  exit 1
fi

date=$(date -u +%Y-%m-%dT%H:%MZ)
commit=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain -- . ':!benchmarks/results' ':!benchmarks/README.md')" ] || commit="$commit with local changes"
overhead_facts="overheadDate=$date
overheadCommit=$commit
overheadJmhArgs=$jmh_args
overheadLoadAverage=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)"

reactive_facts="reactiveDate=$date
reactiveCommit=$commit
reactiveJmhArgs=$jmh_args
reactiveLoadAverage=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)"

shortcuts_facts="shortcutsDate=$date
shortcutsCommit=$commit
shortcutsJmhArgs=$jmh_args
shortcutsLoadAverage=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)"

# JMH records the path of the forks' java; only its name is kept, so that no path of this machine is committed
scrub_jvm_path() { # <JMH JSON file>
  sed -i -E 's#("jvm" : ")[^"]*/([^"/]*")#\1\2#' "$1"
}

# one part's JMH benchmarks on their own: only its part's facts change, the rest describe the last full run
run_alone() { # <part> <facts> <benchmark class, or (ClassA|ClassB)>
  grep -v -e "^$1" "$results/run.properties" > "$results/run.properties.new"
  echo "$2" >> "$results/run.properties.new"
  mv "$results/run.properties.new" "$results/run.properties"
  echo "== JMH, $3 only"
  # shellcheck disable=SC2086
  java -jar "$jar" $jmh_args -rf json -rff "$results/jmh-$1.json" "io\\.github\\.phasedmigration\\.benchmarks\\.jmh\\.$3\\."
  scrub_jvm_path "$results/jmh-$1.json"
  echo "== report"
  java -cp "$jar" io.github.phasedmigration.benchmarks.report.ReportWriter "$results" "$root/benchmarks/README.md"
}

if [ "$part" = reactive ]; then
  run_alone reactive "$reactive_facts" ReactiveLatencyBenchmark
  exit 0
fi

if [ "$part" = overhead ]; then
  run_alone overhead "$overhead_facts" OverheadBenchmark
  exit 0
fi

if [ "$part" = shortcuts ]; then
  run_alone shortcuts "$shortcuts_facts" '(KeyExpressionBenchmark|RowMapperBenchmark)'
  exit 0
fi

if [ "$part" = backfill ]; then
  # its facts (date, commit, machine, servers, load) go into backfill.json; run.properties stays
  echo "== backfill throughput, MariaDB to PostgreSQL"
  java -Xms1g -Xmx1g -Dbenchmark.commit="$commit" -cp "$jar" \
    io.github.phasedmigration.benchmarks.backfill.BackfillThroughputRun "$results/backfill.json"
  echo "== report"
  java -cp "$jar" io.github.phasedmigration.benchmarks.report.ReportWriter "$results" "$root/benchmarks/README.md"
  exit 0
fi
database=$(java -cp "$jar" io.github.phasedmigration.benchmarks.journal.BenchmarkDatabase version)
journal_facts="journalDate=$date
journalCommit=$commit
journalJmhArgs=$jmh_args
journalLoadAverage=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)
database=$database"
if [ "$part" = journal ]; then
  # only the journal's facts change; the rest describe the last full run
  grep -v -e '^journal' -e '^database=' "$results/run.properties" > "$results/run.properties.new"
  echo "$journal_facts" >> "$results/run.properties.new"
  mv "$results/run.properties.new" "$results/run.properties"
else
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
  memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
  cat > "$results/run.properties" <<PROPS
date=$date
commit=$commit
machine=$(nproc) cores ($cpu), $memory, $(uname -sr)
java=$(java -version 2>&1 | head -n 1 | sed 's/"//g')
jmhArgs=$jmh_args
loadArgs=$load_args
$journal_facts
$overhead_facts
$reactive_facts
$shortcuts_facts
PROPS
fi

if [ "$part" = journal ]; then
  echo "== JMH, the journal's benchmark only"
  # shellcheck disable=SC2086
  java -jar "$jar" $jmh_args -rf json -rff "$results/jmh-journal.json" \
    'io\.github\.phasedmigration\.benchmarks\.jmh\.JournalBenchmark\.'
  scrub_jvm_path "$results/jmh-journal.json"
  echo "== journal replay throughput"
  java -Xms1g -Xmx1g -cp "$jar" io.github.phasedmigration.benchmarks.journal.ReplayRun "$results/replay.json"
  echo "== report"
  java -cp "$jar" io.github.phasedmigration.benchmarks.report.ReportWriter "$results" "$root/benchmarks/README.md"
  exit 0
fi

echo "== JMH"
# the results of an earlier run of a part alone (journal, overhead, reactive, shortcuts) would override this run's
rm -f "$results/jmh-journal.json" "$results/jmh-overhead.json" "$results/jmh-reactive.json" "$results/jmh-shortcuts.json"
# shellcheck disable=SC2086
java -jar "$jar" $jmh_args -rf json -rff "$results/jmh.json" 'io\.github\.phasedmigration\.benchmarks\.jmh\..*'
scrub_jvm_path "$results/jmh.json"

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

echo "== journal replay throughput"
java -Xms1g -Xmx1g -cp "$jar" io.github.phasedmigration.benchmarks.journal.ReplayRun "$results/replay.json"

echo "== report"
java -cp "$jar" io.github.phasedmigration.benchmarks.report.ReportWriter "$results" "$root/benchmarks/README.md"
