#!/usr/bin/env bash
# Benchmark: `inspect` on a JupyterHub 3.0 SQLite database with 2,000,000 rows must finish in under 5 seconds
# with a 256 MB heap (streaming, flat memory).
#   bench/inspect.sh            builds target/bench/jupyterhub.sqlite (once) and times the inspection
#   bench/inspect.sh --rebuild  builds the database again
# Needs: Debian's JupyterHub 3.0 (/usr/bin/python3 -m jupyterhub), sqlite3, java 17, and the jar
# (./mvnw -o -q -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT_SECONDS=5
JAR=target/hub-upgrade-console.jar
DIR=target/bench
DB="$PWD/$DIR/jupyterhub.sqlite"

[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -o -q -B package -DskipTests first" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)" >&2; exit 2; }
mkdir -p "$DIR"
if [ "${1:-}" = "--rebuild" ] || [ ! -f "$DB" ]; then
  rm -f "$DB"
  echo "Creating the JupyterHub 3.0 schema with JupyterHub's own ORM..."
  /usr/bin/python3 -c 'import sys; from jupyterhub import orm; orm.new_session_factory(sys.argv[1])' \
    "sqlite:///$DB" 2>/dev/null
  echo "Filling it with 2,000,000 rows (sqlite3, recursive CTEs)..."
  start=$(date +%s.%N)
  sqlite3 "$DB" < bench/generate-2m.sql
  echo "Generated in $(echo "$(date +%s.%N) - $start" | bc) s ($(du -h "$DB" | cut -f1))."
fi

# warm the page cache so that the timing measures the inspection, not the disk
cat "$DB" > /dev/null
start=$(date +%s.%N)
TIMEFILE=$(mktemp)
if command -v /usr/bin/time >/dev/null; then
  /usr/bin/time -f '%M %U %S' -o "$TIMEFILE" java -Xmx256m -jar "$JAR" inspect --db-url "sqlite:///$DB" --json \
    > "$DIR/inspect.json"
else
  java -Xmx256m -jar "$JAR" inspect --db-url "sqlite:///$DB" --json > "$DIR/inspect.json"
fi
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
read -r rss cpu_user cpu_sys < "$TIMEFILE" 2>/dev/null || true; rm -f "$TIMEFILE"
inner=$(grep -o '"elapsedMillis" : [0-9]*' "$DIR/inspect.json" | grep -o '[0-9]*$')
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other work on the machine slows the wall time)"
echo "inspect: ${elapsed} s wall (inspection itself ${inner} ms)${rss:+, peak RSS ${rss} KB, CPU ${cpu_user} s user + ${cpu_sys} s system}; report in $DIR/inspect.json"
# flat memory: the same inspection must also finish in a 32 MB heap
if java -Xmx32m -jar "$JAR" inspect --db-url "sqlite:///$DB" --json > /dev/null; then
  echo "memory: the same inspection also finishes with -Xmx32m (streaming, flat memory)"
else
  echo "memory: FAIL with -Xmx32m"
  exit 1
fi
if (( $(echo "$elapsed < $LIMIT_SECONDS" | bc) )); then
  echo "PASS (< ${LIMIT_SECONDS} s)"
else
  echo "FAIL (>= ${LIMIT_SECONDS} s)"
  exit 1
fi
