#!/usr/bin/env bash
# Benchmark of the console's backups against the standard tools, on this machine:
#   1. SQLite: `hub-upgrade-console backup` of a hub database with ~2 million rows against `sqlite3 .backup`
#      (goal: at most 1.2x its time). The console's backup command also runs PRAGMA integrity_check on the copy,
#      counts rows and writes a SHA-256 manifest; its separate `verify` (scratch copy, integrity check, row counts)
#      is timed on its own line and is not part of the comparison.
#   2. Home directories: the console's home.tar.gz against `tar czf` of the same tree (goal: at least 0.8x its
#      throughput).
# Usage: bench/backup.sh [ROWS] [HOME_MB]   (defaults 2000000 and 400). Needs java 17+, python3, sqlite3, tar and
# target/hub-upgrade-console.jar (./mvnw -o -q -B package -DskipTests). Everything is written under a temp dir.
set -euo pipefail
ROWS=${1:-2000000}
HOME_MB=${2:-400}
HERE=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$HERE/target/hub-upgrade-console.jar}
[ -f "$JAR" ] || { echo "missing $JAR: run ./mvnw -o -q -B package -DskipTests first" >&2; exit 2; }
WORK=$(mktemp -d /tmp/hubconsole-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
now() { date +%s.%N; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
phase() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"{sum(p.get('seconds', 0) for p in d['phases'] if p['step'].startswith(sys.argv[2])):.2f}\")" "$1" "$2"; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

HUB=$WORK/hub
mkdir -p "$HUB"
printf "c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'\n" > "$HUB/jupyterhub_config.py"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$HUB/jupyterhub_cookie_secret"

echo "== building a hub database with $ROWS rows"
python3 - "$HUB/jupyterhub.sqlite" "$ROWS" <<'PY'
import sqlite3, sys, os, datetime
db, rows = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
c.executescript("""
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
INSERT INTO alembic_version VALUES ('651f5419b74d');
CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(255) UNIQUE, admin BOOLEAN, created DATETIME,
  last_activity DATETIME, cookie_id VARCHAR(255) UNIQUE, encrypted_auth_state BLOB);
CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  hashed VARCHAR(255) UNIQUE, prefix VARCHAR(16), created DATETIME, last_activity DATETIME, note VARCHAR(1023),
  scopes TEXT);
CREATE INDEX ix_api_tokens_prefix ON api_tokens (prefix);
""")
users = rows // 4
now = datetime.datetime(2024, 1, 1).strftime('%Y-%m-%d %H:%M:%S.%f')
c.executemany("INSERT INTO users VALUES (?,?,?,?,?,?,?)",
              ((i, f"user{i}", 0, now, now, os.urandom(16).hex(), os.urandom(32)) for i in range(1, users + 1)))
c.executemany("INSERT INTO api_tokens VALUES (?,?,?,?,?,?,?,?)",
              ((i, (i % users) + 1, os.urandom(32).hex(), os.urandom(2).hex(), now, now, "token for a notebook",
                '["inherit"]') for i in range(1, rows - users + 1)))
c.commit()
c.close()
PY
ls -l "$HUB/jupyterhub.sqlite" | awk '{printf "   database file: %.1f MB\n", $5 / 1048576}'
sync

echo "== SQLite backup"
t0=$(now); sqlite3 "$HUB/jupyterhub.sqlite" ".backup '$WORK/sqlite3-backup.sqlite'"; t1=$(now)
SQLITE_S=$(secs "$t0" "$t1")
rm -f "$WORK/sqlite3-backup.sqlite"; sync
t0=$(now)
java -jar "$JAR" backup --db-url "sqlite:///jupyterhub.sqlite" --config "$HUB/jupyterhub_config.py" \
    --to "$WORK/backups" --hub-name db --json > "$WORK/backup.json"
t1=$(now)
CONSOLE_S=$(secs "$t0" "$t1")
DIR=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['backupDir'])" "$WORK/backup.json")
t0=$(now); java -jar "$JAR" verify --from "$DIR" > /dev/null; t1=$(now)
VERIFY_S=$(secs "$t0" "$t1")
echo "   sqlite3 .backup:                 ${SQLITE_S} s"
echo "   console backup (incl. JVM start, integrity_check, manifest and its own verify): ${CONSOLE_S} s"
COPY_S=$(phase "$WORK/backup.json" "Copying database")
CHECK_S=$(phase "$WORK/backup.json" "Checking the database copy")
echo "   of which the online-backup copy: ${COPY_S} s, integrity_check + row counts: ${CHECK_S} s"
echo "   ratio copy/sqlite3:              $(ratio "$COPY_S" "$SQLITE_S")x (goal <= 1.2x)"
echo "   ratio whole command/sqlite3:     $(ratio "$CONSOLE_S" "$SQLITE_S")x"
echo "   console verify (separate):       ${VERIFY_S} s"
rm -rf "$WORK/backups"

echo "== home directories ($HOME_MB MB)"
python3 - "$WORK/home" "$HOME_MB" <<'PY'
import os, sys, random
root, mb = sys.argv[1], int(sys.argv[2])
random.seed(7)
words = [b"notebook", b"import numpy as np", b"print(x)", b"data", b"{\"cells\": []}", b"\n"]
total, i = 0, 0
while total < mb * 1024 * 1024:
    user = os.path.join(root, f"user{i % 200}", "work", f"d{i % 7}")
    os.makedirs(user, exist_ok=True)
    size = random.choice([2_000, 20_000, 200_000, 2_000_000])
    path = os.path.join(user, f"f{i}.{'ipynb' if i % 3 else 'bin'}")
    with open(path, "wb") as f:
        if i % 3:
            f.write(b" ".join(random.choice(words) for _ in range(size // 8))[:size])
        else:
            f.write(os.urandom(size))
    total += size
    i += 1
print(f"   {i} files")
PY
BYTES=$(du -sb "$WORK/home" | cut -f1)
sync
t0=$(now); tar czf "$WORK/tar.tar.gz" -C "$WORK/home" .; t1=$(now)
TAR_S=$(secs "$t0" "$t1")
TAR_SIZE=$(stat -c %s "$WORK/tar.tar.gz")
rm -f "$WORK/tar.tar.gz"; sync
t0=$(now)
java -jar "$JAR" backup --db-url "sqlite:///jupyterhub.sqlite" --config "$HUB/jupyterhub_config.py" \
    --home "$WORK/home" --to "$WORK/backups" --hub-name home --json > "$WORK/home.json"
t1=$(now)
HOME_S=$(secs "$t0" "$t1")
TAR_MBS=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576 / float(sys.argv[2]):.1f}')" "$BYTES" "$TAR_S")
HOME_MBS=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576 / float(sys.argv[2]):.1f}')" "$BYTES" "$HOME_S")
echo "   tar czf:                         ${TAR_S} s, ${TAR_MBS} MB/s"
echo "   console home.tar.gz (whole backup command incl. database and verify): ${HOME_S} s, ${HOME_MBS} MB/s"
ARCHIVE_S=$(phase "$WORK/home.json" "Archiving home directories")
ARCHIVE_MBS=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576 / float(sys.argv[2]):.1f}')" "$BYTES" "$ARCHIVE_S")
echo "   of which archiving home.tar.gz:  ${ARCHIVE_S} s, ${ARCHIVE_MBS} MB/s"
echo "   throughput archiving/tar:        $(ratio "$ARCHIVE_MBS" "$TAR_MBS")x (goal >= 0.8x)"
echo "   throughput whole command/tar:    $(ratio "$HOME_MBS" "$TAR_MBS")x"
HOME_SIZE=$(stat -c %s "$(find "$WORK/backups/home" -name home.tar.gz | head -1)")
echo "   archive sizes: tar czf (gzip -6, one core) $((TAR_SIZE / 1048576)) MB," \
     "console (deflate level 1 on all cores) $((HOME_SIZE / 1048576)) MB"
