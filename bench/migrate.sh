#!/bin/bash
# Benchmark of `migrate` (SQLite -> PostgreSQL, verification included, JVM capped at -Xmx256m) against pgloader
# and the raw bound (`sqlite3 -csv | psql \copy` into a pre-created schema without constraints), on one JupyterHub
# 3.0 database of about ROWS rows built by generate-hub-db.py (JupyterHub's own ORM creates the schema).
#
# Usage: bench/migrate.sh [ROWS]   (default 2000000; needs /usr/bin/python3 with jupyterhub, sqlite3, psql,
# /usr/bin/pgloader, a local PostgreSQL; PGHOST/PGPORT/PGUSER default to 127.0.0.1/5432/postgres)
# Goal: migrate >= 2x pgloader's rows/s and >= 0.5x the raw bound's.
# BENCH_MARIADB=1 adds SQLite -> MariaDB: migrate against its raw bound (sqlite3 -csv | mariadb LOAD DATA LOCAL into
# the plan's CREATE TABLEs); MYHOST/MYPORT/MYUSER default to 127.0.0.1/3306/root (no password).
# ROUNDS=N (default 1) times the three tools N times, interleaved, and compares their medians. The machine's load
# average is printed with each timing: the numbers only compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
ROUNDS=${ROUNDS:-1}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
WORK=bench/work
DB=$PWD/$WORK/hub-$ROWS.sqlite
JAR=target/hub-upgrade-console.jar
mkdir -p "$WORK"

if [ ! -f "$DB" ]; then
  echo "Building $DB ..."
  /usr/bin/python3 bench/generate-hub-db.py "$DB.tmp" "$ROWS" 2>/dev/null
  mv "$DB.tmp" "$DB"
fi
if [ ! -f "$JAR" ] || [ -n "$(find src -newer "$JAR" -type f | head -1)" ]; then
  echo "Building $JAR ..."
  ./mvnw -o -q -B package -DskipTests 2>/dev/null || ./mvnw -q -B package -DskipTests
fi

TABLES=$(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
TOTAL=0
for t in $TABLES; do TOTAL=$((TOTAL + $(sqlite3 "$DB" "SELECT COUNT(*) FROM \"$t\""))); done
echo "Source: $DB, $TOTAL rows, $(du -h "$DB" | cut -f1)"

fresh_db() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}
now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
MIGRATES=() PGLOADERS=() RAWS=()
for round in $(seq 1 "$ROUNDS"); do
  [ "$ROUNDS" -gt 1 ] && echo "round $round of $ROUNDS"

  # 1. migrate (this project), verification included
  fresh_db bench_migrate
  echo "load average before migrate: $(load)"
  t0=$(now)
  java -Xmx256m -jar "$JAR" migrate --from "sqlite:///$DB" \
    --to "postgresql://$PGUSER@$PGHOST:$PGPORT/bench_migrate" > "$WORK/migrate.out"
  t1=$(now)
  MIGRATES+=("$(echo "$t1 - $t0" | bc)")
  grep 'rows in' "$WORK/migrate.out"

  # 2. pgloader (Debian package), defaults
  fresh_db bench_pgloader
  echo "load average before pgloader: $(load)"
  t0=$(now)
  /usr/bin/pgloader --quiet "$DB" "postgresql://$PGUSER@$PGHOST:$PGPORT/bench_pgloader" > "$WORK/pgloader.out" 2>&1 || {
    echo "pgloader failed:"; tail -20 "$WORK/pgloader.out"; exit 1; }
  t1=$(now)
  PGLOADERS+=("$(echo "$t1 - $t0" | bc)")

  # 3. raw bound: the plan's CREATE TABLE statements (no keys, no indexes), then sqlite3 -csv | psql \copy per table
  fresh_db bench_raw
  java -Xmx256m -jar "$JAR" migrate --from "sqlite:///$DB" --to "postgresql://$PGUSER@$PGHOST:$PGPORT/bench_raw" \
    --dry-run | grep '^CREATE TABLE' | psql -q -d bench_raw
  echo "load average before the raw bound: $(load)"
  t0=$(now)
  for t in $TABLES; do
    sqlite3 -csv "$DB" "SELECT * FROM \"$t\"" | psql -q -d bench_raw -c "\\copy \"$t\" FROM STDIN WITH (FORMAT csv)"
  done
  t1=$(now)
  RAWS+=("$(echo "$t1 - $t0" | bc)")
done
MIGRATE=$(median "${MIGRATES[@]}")
PGLOADER=$(median "${PGLOADERS[@]}")
RAW=$(median "${RAWS[@]}")
if [ "$ROUNDS" -gt 1 ]; then
  echo "seconds per round: migrate ${MIGRATES[*]}; pgloader ${PGLOADERS[*]}; raw ${RAWS[*]} (medians below)"
fi

rate() { echo "$TOTAL / $1" | bc; }
printf '\n%-34s %10s %14s\n' "tool" "seconds" "rows/s"
printf '%-34s %10.2f %14s\n' "migrate (verified, -Xmx256m)" "$MIGRATE" "$(rate "$MIGRATE")"
printf '%-34s %10.2f %14s\n' "pgloader" "$PGLOADER" "$(rate "$PGLOADER")"
printf '%-34s %10.2f %14s\n' "raw sqlite3 -csv | psql \\copy" "$RAW" "$(rate "$RAW")"
printf '\nmigrate / pgloader speed: %.2fx (goal >= 2)\n' "$(echo "$PGLOADER / $MIGRATE" | bc -l)"
printf 'migrate / raw bound speed: %.2fx (goal >= 0.5)\n' "$(echo "$RAW / $MIGRATE" | bc -l)"
echo "load average after: $(load) (2 cores here; other work on the machine slows every tool)"

if [ "${BENCH_MARIADB:-0}" = 1 ]; then
  MY=(mariadb -h "${MYHOST:-127.0.0.1}" -P "${MYPORT:-3306}" -u "${MYUSER:-root}")
  fresh_my() { "${MY[@]}" -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"; }
  MYURL="mysql://${MYUSER:-root}@${MYHOST:-127.0.0.1}:${MYPORT:-3306}"
  fresh_my bench_migrate
  echo "load average before migrate to MariaDB: $(load)"
  t0=$(now)
  java -Xmx256m -jar "$JAR" migrate --from "sqlite:///$DB" --to "$MYURL/bench_migrate" > "$WORK/migrate-mariadb.out"
  t1=$(now)
  MY_MIGRATE=$(echo "$t1 - $t0" | bc)
  fresh_my bench_raw
  java -Xmx256m -jar "$JAR" migrate --from "sqlite:///$DB" --to "$MYURL/bench_raw" --dry-run | grep '^CREATE TABLE' \
    | "${MY[@]}" bench_raw
  echo "load average before the MariaDB raw bound: $(load)"
  t0=$(now)
  for t in $TABLES; do
    sqlite3 -csv "$DB" "SELECT * FROM \"$t\"" | "${MY[@]}" --local-infile=1 bench_raw -e "SET foreign_key_checks = 0, \
      unique_checks = 0; LOAD DATA LOCAL INFILE '/dev/stdin' INTO TABLE \`$t\` CHARACTER SET utf8mb4 \
      FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\n'"
  done
  t1=$(now)
  MY_RAW=$(echo "$t1 - $t0" | bc)
  printf '\n%-34s %10s %14s\n' "tool (SQLite -> MariaDB)" "seconds" "rows/s"
  printf '%-34s %10.2f %14s\n' "migrate (verified, -Xmx256m)" "$MY_MIGRATE" "$(rate "$MY_MIGRATE")"
  printf '%-34s %10.2f %14s\n' "raw sqlite3 -csv | LOAD DATA" "$MY_RAW" "$(rate "$MY_RAW")"
  printf '\nmigrate / raw bound speed (MariaDB): %.2fx\n' "$(echo "$MY_RAW / $MY_MIGRATE" | bc -l)"
  echo "load average after: $(load)"
fi
