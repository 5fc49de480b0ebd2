"""Transcribe the schema JupyterHub's ORM declares at one tag into engine-neutral JSON.
usage: gen.py <srcdir-containing-jupyterhub-pkg> <tag>"""
import sys, json, importlib, warnings
warnings.simplefilter("ignore")
src, tag = sys.argv[1], sys.argv[2]
sys.path.insert(0, src)
import types
from unittest import mock
# import-time dependencies that do not shape the schema and are missing/removed here
if "0.9" in tag:
    m = types.ModuleType("sqlalchemy.interfaces"); m.PoolListener = object; sys.modules["sqlalchemy.interfaces"] = m
for missing in ("aiohttp",):
    try:
        importlib.import_module(missing)
    except ImportError:
        class _Stub(types.ModuleType):
            __path__ = []
            def __getattr__(self, attr):
                return type(attr, (Exception,), {})
        class _Finder:
            def find_module(self, fullname, path=None):
                return self if fullname == missing or fullname.startswith(missing + ".") else None
            def load_module(self, fullname):
                sys.modules[fullname] = _Stub(fullname)
                return sys.modules[fullname]
        sys.meta_path.insert(0, _Finder())
orm = importlib.import_module("jupyterhub.orm")
import sqlalchemy as sa
from sqlalchemy import types as T
from sqlalchemy.schema import CreateTable, CreateIndex
from sqlalchemy.dialects import sqlite, postgresql, mysql

md = orm.Base.metadata

def neutral(col):
    t = col.type
    if isinstance(t, T.TypeDecorator):
        t = t.impl if not isinstance(t.impl, type) else t.impl()
    if isinstance(t, T.Enum):
        return {"type": "ENUM", "length": max(len(e) for e in t.enums), "enumName": t.name, "values": list(t.enums)}
    if isinstance(t, T.Boolean):
        return {"type": "BOOLEAN"}
    if isinstance(t, T.DateTime):
        return {"type": "DATETIME"}
    if isinstance(t, T.BigInteger):
        return {"type": "BIGINT"}
    if isinstance(t, T.Integer):
        return {"type": "INTEGER"}
    if isinstance(t, T.LargeBinary):
        return {"type": "BLOB"}
    if isinstance(t, T.Text) or (isinstance(t, T.String) and t.length is None):
        return {"type": "TEXT"}
    if isinstance(t, T.String):
        return {"type": "VARCHAR", "length": t.length}
    raise SystemExit("unknown type %r on %s" % (t, col))

def name(c):
    n = c.name
    if n is None or type(n).__name__ == "_NoneName":
        return None
    return str(n)

out = {"tag": tag, "tables": []}
for t in sorted(md.tables.values(), key=lambda t: t.name):
    cols = []
    for c in t.columns:
        d = {"name": c.name}
        d.update(neutral(c))
        d["nullable"] = bool(c.nullable)
        if c.server_default is not None:
            d["default"] = str(c.server_default.arg if not hasattr(c.server_default.arg, "text") else c.server_default.arg.text)
        if c.primary_key and c.autoincrement in (True, "auto") and isinstance(c.type, T.Integer) and len(t.primary_key.columns) == 1:
            d["autoIncrement"] = True
        cols.append(d)
    pk = {"name": name(t.primary_key), "columns": [c.name for c in t.primary_key.columns]}
    fks, uniques = [], []
    for con in sorted(t.constraints, key=lambda c: [x.name for x in c.columns] if hasattr(c, "columns") else []):
        if isinstance(con, sa.ForeignKeyConstraint):
            fks.append({"name": name(con), "columns": [c.name for c in con.columns],
                        "refTable": con.elements[0].column.table.name,
                        "refColumns": [e.column.name for e in con.elements],
                        "onDelete": (con.ondelete or "NO ACTION").upper()})
        elif isinstance(con, sa.UniqueConstraint):
            uniques.append({"name": name(con), "columns": [c.name for c in con.columns]})
    idx = [{"name": name(i), "columns": [c.name for c in i.columns], "unique": bool(i.unique)}
           for i in sorted(t.indexes, key=lambda i: str(i.name))]
    out["tables"].append({"name": t.name, "columns": cols, "primaryKey": pk,
                          "foreignKeys": sorted(fks, key=lambda f: f["columns"]),
                          "uniques": sorted(uniques, key=lambda u: u["columns"]), "indexes": idx})
# names the naming convention gives only at DDL time: render DDL and keep it for checking
ddl = {}
for dname, d in (("sqlite", sqlite.dialect()), ("postgresql", postgresql.dialect()), ("mysql", mysql.dialect())):
    ddl[dname] = [str(CreateTable(t).compile(dialect=d)).strip() for t in md.sorted_tables] + \
                 [str(CreateIndex(i).compile(dialect=d)) for t in md.sorted_tables for i in t.indexes]
out["ddl"] = ddl
print(json.dumps(out, indent=1))
