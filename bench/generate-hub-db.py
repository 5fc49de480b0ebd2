#!/usr/bin/python3
"""Builds a JupyterHub 3.0 SQLite database of about ROWS rows for bench/migrate.sh.

The schema is created by JupyterHub's own ORM (orm.new_session_factory), then filled in one transaction with
realistic shapes: users (JSON state, naive datetimes with microseconds), spawners, API tokens (most rows), groups
and their members, roles and their members, OAuth clients. Usage: generate-hub-db.py FILE [ROWS]
"""
import datetime
import json
import random
import sqlite3
import sys

from jupyterhub import orm

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
orm.new_session_factory("sqlite:///" + path)

users = rows // 10
groups = max(10, users // 200)
tokens = rows - 5 * users - groups - 2
rnd = random.Random(42)
base = datetime.datetime(2024, 1, 1)


def ts(i):
    return (base + datetime.timedelta(seconds=i * 7, microseconds=rnd.randrange(1_000_000))).strftime(
        "%Y-%m-%d %H:%M:%S.%f")


db = sqlite3.connect(path)
db.execute("PRAGMA synchronous = OFF")
db.execute("PRAGMA journal_mode = MEMORY")
cur = db.cursor()
cur.executemany("INSERT INTO roles (id, name, description, scopes) VALUES (?, ?, ?, ?)",
                [(1, "user", "Standard user privileges", json.dumps(["self"])),
                 (2, "admin", "Elevated privileges", json.dumps(["admin:users", "admin:servers"]))])
cur.executemany("INSERT INTO users (id, name, admin, created, last_activity, cookie_id, state) VALUES (?,?,?,?,?,?,?)",
                ((i, "user-%07d" % i, i % 1000 == 0, ts(i), ts(i + 5), "cookie-%d" % i,
                  json.dumps({"token": "%032x" % rnd.getrandbits(128)})) for i in range(1, users + 1)))
cur.executemany("INSERT INTO oauth_clients (id, identifier, description, secret, redirect_uri, allowed_scopes) "
                "VALUES (?,?,?,?,?,?)",
                ((i, "jupyterhub-user-user-%07d" % i, "Server at /user/user-%07d/" % i, "%032x" % rnd.getrandbits(128),
                  "/user/user-%07d/oauth_callback" % i, json.dumps(["access:servers!server=user-%07d/" % i]))
                 for i in range(1, users + 1)))
cur.executemany("INSERT INTO spawners (id, user_id, name, started, last_activity, state, user_options, "
                "oauth_client_id) VALUES (?,?,?,?,?,?,?,?)",
                ((i, i, "", None, ts(i), json.dumps({}), json.dumps({"profile": "small"}),
                  "jupyterhub-user-user-%07d" % i) for i in range(1, users + 1)))
cur.executemany("INSERT INTO groups (id, name) VALUES (?, ?)", ((g, "group-%05d" % g) for g in range(1, groups + 1)))
cur.executemany("INSERT INTO user_group_map (user_id, group_id) VALUES (?, ?)",
                ((i, 1 + i % groups) for i in range(1, users + 1)))
cur.executemany("INSERT INTO user_role_map (user_id, role_id) VALUES (?, ?)",
                ((i, 1) for i in range(1, users + 1)))
cur.executemany("INSERT INTO api_tokens (id, user_id, hashed, prefix, created, expires_at, last_activity, note, "
                "scopes) VALUES (?,?,?,?,?,?,?,?,?)",
                ((t, 1 + t % users, "sha512:%064x" % rnd.getrandbits(256), "%04x" % (t % 65536), ts(t),
                  None if t % 3 else ts(t + 86400), ts(t + 60), "Requested via api by user user-%07d" % (1 + t % users),
                  json.dumps(["inherit"])) for t in range(1, tokens + 1)))
db.commit()
total = sum(db.execute("SELECT COUNT(*) FROM %s" % t).fetchone()[0] for (t,) in
            db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall())
db.close()
print("%s: %d rows" % (path, total))
