#!/usr/bin/env bash
# Benchmark of the console's backups against the standard tools, on this machine, like for like and as a whole:
#   1. SQLite, on a JupyterHub 3.0 database of ~ROWS rows built by generate-hub-db.py (JupyterHub's own ORM):
#      - the console's online-backup copy against `sqlite3 .backup` (goal: at most 1.2x its time);
#      - copy + PRAGMA integrity_check against `sqlite3 .backup` + `sqlite3 'PRAGMA integrity_check'` (the peer runs
#        the check with the same memory mapping the console asks for);
#      - the whole `backup` command (JVM start, copy, integrity_check with row counts and SHA-256, manifest, and the
#        verification the command runs afterwards) against `sqlite3 .backup`, and against .backup + integrity_check;
#      - a separate `verify` (scratch copy with SHA-256, integrity_check, row counts), on its own line.
#   2. Home directories: the console's home.tar.gz against `tar czf` of the same tree, both at gzip level 6 (goal: at
#      least 0.8x tar's throughput), the archiving phase and the whole command.
# Each measurement is the median of RUNS runs (default 5), taken alternately, all with a warm page cache.
# Usage: bench/backup.sh [ROWS] [HOME_MB]   (defaults 2000000 and 400). Needs java 17+, /usr/bin/python3 with
# jupyterhub, sqlite3, GNU tar and gzip. Inputs are kept in bench/work/, outputs go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-2000000}
HOME_MB=${2:-400}
RUNS=${RUNS:-5}
JAR=target/hub-upgrade-console.jar
WORK=bench/work
DB=$PWD/$WORK/hub-$ROWS.sqlite
HOMES=$PWD/$WORK/home-$HOME_MB
mkdir -p "$WORK"
if [ ! -f "$JAR" ] || [ -n "$(find src -newer "$JAR" -type f | head -1)" ]; then
  echo "Building $JAR ..."
  ./mvnw -o -q -B package -DskipTests 2>/dev/null || ./mvnw -q -B package -DskipTests
fi
if [ ! -f "$DB" ]; then
  echo "Building $DB ..."
  /usr/bin/python3 bench/generate-hub-db.py "$DB.tmp" "$ROWS" 2>/dev/null
  mv "$DB.tmp" "$DB"
fi
OUT=$(mktemp -d /tmp/hubconsole-bench-XXXXXX)
trap 'rm -rf "$OUT"' EXIT

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
median() { python3 -c "import sys, statistics; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }
calc() { python3 -c "import sys; print(f'{eval(sys.argv[1]):.2f}')" "$1"; }
phase() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"{sum(p.get('seconds', 0) for p in d['phases'] if p['step'].startswith(sys.argv[2])):.2f}\")" "$1" "$2"; }
field() { python3 -c "import json,sys; print(f\"{json.load(open(sys.argv[1]))[sys.argv[2]]:.2f}\")" "$1" "$2"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
console() { java -jar "$JAR" "$@"; }
# timed FILE COMMAND...: runs COMMAND, writes "wall user system" seconds to FILE
timed() { local file=$1; shift; /usr/bin/time -f "%e %U %S" -o "$file" "$@"; }
wall() { cut -d' ' -f1 "$1"; }
cpu() { awk '{printf "%.2f", $2 + $3}' "$1"; }

echo "== machine: $(nproc) cores, load average $(load); $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /'),"\
     "$(tar --version | head -1), $(java -version 2>&1 | head -1)"
T=(); for i in $(seq "$RUNS"); do t0=$(now); console --version > /dev/null; T+=("$(secs "$t0" "$(now)")"); done
JVM_S=$(median "${T[@]}")
echo "   JVM start of the console (--version): ${JVM_S} s"

HUB=$OUT/hub
mkdir -p "$HUB"
ln -s "$DB" "$HUB/jupyterhub.sqlite"
printf "c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'\n" > "$HUB/jupyterhub_config.py"
ls -lL "$DB" | awk -v rows="$ROWS" '{printf "== SQLite: %d-row hub database, %.1f MB\n", rows, $5 / 1048576}'
MMAP=$((1 << 40))
S_COPY=(); S_CHECK=(); S_CPU=(); C_ALL=(); C_CPU=(); C_COPY=(); C_CHECK=(); C_VERIFY=(); V_ALL=()
for i in $(seq "$RUNS"); do
  rm -f "$OUT/peer.sqlite"; sync
  timed "$OUT/t1" sqlite3 "$DB" ".backup '$OUT/peer.sqlite'"
  timed "$OUT/t2" sqlite3 "$OUT/peer.sqlite" "PRAGMA mmap_size = $MMAP" "PRAGMA integrity_check" > "$OUT/check.txt"
  [ "$(tail -1 "$OUT/check.txt")" = ok ] || { echo "sqlite3 integrity_check failed" >&2; exit 1; }
  S_COPY+=("$(wall "$OUT/t1")"); S_CHECK+=("$(wall "$OUT/t2")"); S_CPU+=("$(calc "$(cpu "$OUT/t1") + $(cpu "$OUT/t2")")")
  rm -f "$OUT/peer.sqlite"; rm -rf "$OUT/backups"; sync
  timed "$OUT/t3" java -jar "$JAR" backup --db-url "sqlite:///jupyterhub.sqlite" \
      --config "$HUB/jupyterhub_config.py" --to "$OUT/backups" --hub-name db --json > "$OUT/backup.json"
  C_ALL+=("$(wall "$OUT/t3")"); C_CPU+=("$(cpu "$OUT/t3")")
  C_COPY+=("$(phase "$OUT/backup.json" "Copying database")")
  C_CHECK+=("$(phase "$OUT/backup.json" "Checking the database copy")")
  C_VERIFY+=("$(field "$OUT/backup.json" verifySeconds)")
  DIR=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['backupDir'])" "$OUT/backup.json")
  t0=$(now); console verify --from "$DIR" > /dev/null; t1=$(now)
  V_ALL+=("$(secs "$t0" "$t1")")
done
S_COPY=$(median "${S_COPY[@]}"); S_CHECK=$(median "${S_CHECK[@]}"); C_ALL=$(median "${C_ALL[@]}")
S_CPU=$(median "${S_CPU[@]}"); C_CPU=$(median "${C_CPU[@]}")
C_COPY=$(median "${C_COPY[@]}"); C_CHECK=$(median "${C_CHECK[@]}"); C_VERIFY=$(median "${C_VERIFY[@]}")
V_ALL=$(median "${V_ALL[@]}")
S_BOTH=$(calc "$S_COPY + $S_CHECK"); C_BOTH=$(calc "$C_COPY + $C_CHECK")
echo "   like for like, the copy:"
echo "     sqlite3 .backup                                 ${S_COPY} s"
echo "     console online-backup copy                      ${C_COPY} s   ratio $(calc "$C_COPY / $S_COPY")x (goal <= 1.2x)"
echo "   like for like, copy + PRAGMA integrity_check:"
echo "     sqlite3 .backup + sqlite3 integrity_check       ${S_BOTH} s   (${S_COPY} + ${S_CHECK})"
echo "     console copy + check (row counts, SHA-256 too)  ${C_BOTH} s   (${C_COPY} + ${C_CHECK})" \
     "  ratio $(calc "$C_BOTH / $S_BOTH")x"
echo "   the whole backup command (JVM ${JVM_S} s, copy, check, manifest, verification ${C_VERIFY} s):"
echo "     console backup                                  ${C_ALL} s   ratio $(calc "$C_ALL / $S_COPY")x" \
     "sqlite3 .backup (goal <= 1.2x), $(calc "$C_ALL / $S_BOTH")x .backup + integrity_check"
echo "     CPU seconds: console backup ${C_CPU}, sqlite3 .backup + integrity_check ${S_CPU}"
echo "   separate console verify (new JVM, so integrity_check runs again): ${V_ALL} s"
rm -rf "$OUT/backups"

if [ ! -d "$HOMES" ]; then
  echo "Building $HOMES ..."
  /usr/bin/python3 - "$HOMES.tmp" "$HOME_MB" <<'PY'
import os, sys, random
root, mb = sys.argv[1], int(sys.argv[2])
random.seed(7)
words = [b"notebook", b"import numpy as np", b"print(x)", b"data", b"{\"cells\": []}", b"\n"]
total, i = 0, 0
while total < mb * 1024 * 1024:
    user = os.path.join(root, f"user{i % 200}", "work", f"d{i % 7}")
    os.makedirs(user, exist_ok=True)
    size = random.choice([2_000, 20_000, 200_000, 2_000_000])
    with open(os.path.join(user, f"f{i}.{'ipynb' if i % 3 else 'bin'}"), "wb") as f:
        f.write(b" ".join(random.choice(words) for _ in range(size // 8))[:size] if i % 3 else os.urandom(size))
    total += size
    i += 1
PY
  mv "$HOMES.tmp" "$HOMES"
fi
BYTES=$(du -sb "$HOMES" | cut -f1)
FILES=$(find "$HOMES" -type f | wc -l)
echo "== home directories: $FILES files, $((BYTES / 1048576)) MB (a third random bytes, the rest text)"
SMALL=$OUT/small
mkdir -p "$SMALL"
sqlite3 "$SMALL/jupyterhub.sqlite" "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a');"
printf "c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'\n" > "$SMALL/jupyterhub_config.py"
T_ALL=(); T_CPU=(); H_ALL=(); H_CPU=(); H_ARCH=()
for i in $(seq "$RUNS"); do
  rm -f "$OUT/tar.tar.gz"; sync
  timed "$OUT/t1" tar czf "$OUT/tar.tar.gz" -C "$HOMES" .
  T_ALL+=("$(wall "$OUT/t1")"); T_CPU+=("$(cpu "$OUT/t1")")
  TAR_SIZE=$(stat -c %s "$OUT/tar.tar.gz")
  rm -f "$OUT/tar.tar.gz"; rm -rf "$OUT/backups"; sync
  timed "$OUT/t2" java -jar "$JAR" backup --db-url "sqlite:///jupyterhub.sqlite" \
      --config "$SMALL/jupyterhub_config.py" --home "$HOMES" --to "$OUT/backups" --hub-name home --json > "$OUT/home.json"
  H_ALL+=("$(wall "$OUT/t2")"); H_CPU+=("$(cpu "$OUT/t2")")
  H_ARCH+=("$(phase "$OUT/home.json" "Archiving home directories")")
  HOME_SIZE=$(stat -c %s "$(find "$OUT/backups/home" -name home.tar.gz | head -1)")
done
T_ALL=$(median "${T_ALL[@]}"); H_ALL=$(median "${H_ALL[@]}"); H_ARCH=$(median "${H_ARCH[@]}")
T_CPU=$(median "${T_CPU[@]}"); H_CPU=$(median "${H_CPU[@]}")
mbs() { calc "$BYTES / 1048576 / $1"; }
echo "   tar czf (gzip -6, tar and gzip in two processes)  ${T_ALL} s, $(mbs "$T_ALL") MB/s," \
     "archive $((TAR_SIZE / 1048576)) MB"
echo "   console archiving home.tar.gz (level 6, $(nproc) cores)  ${H_ARCH} s, $(mbs "$H_ARCH") MB/s," \
     "archive $((HOME_SIZE / 1048576)) MB   throughput ratio $(calc "$T_ALL / $H_ARCH")x (goal >= 0.8x)"
echo "   console whole backup command (JVM, scan, tiny database, archive, manifest, verification)  ${H_ALL} s," \
     "$(mbs "$H_ALL") MB/s   ratio $(calc "$T_ALL / $H_ALL")x"
echo "     CPU seconds: console whole command ${H_CPU}, tar czf ${T_CPU}"
echo "== load average at the end: $(load)"
