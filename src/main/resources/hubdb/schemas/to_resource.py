"""Turn transcribe.py output (out-<tag>.json in the current directory) into the files next to this script."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
HEADS = [("0.7.0", "0.7.2", "af4cbdb2d13c", ["0.7"]), ("0.8.0", "0.8.1", "3ec6993fe20c", ["0.8"]),
         ("0.9.0", "0.9.6", "896818069c98", ["0.9"]),
         ("1.0.0", "1.5.1", "4dc2d5a8c53c", ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5"]),
         ("2.0.0", "2.3.1", "833da8570507", ["2.0", "2.1", "2.2", "2.3"]), ("3.0.0", "3.1.1", "651f5419b74d", ["3.0", "3.1"]),
         ("4.0.0", "4.1.6", "0eee8c825d24", ["4.0", "4.1"]),
         ("5.0.0", "5.5.1", "4621fec11365", ["5.0", "5.1", "5.2", "5.3", "5.4", "5.5"]),
         ("6.0.0b2", "main", "f460b0348206", ["6.0"])]
ALEMBIC = {"name": "alembic_version",
           "columns": [{"name": "version_num", "type": "VARCHAR", "length": 32, "nullable": False}],
           "primaryKey": {"name": "alembic_version_pkc", "columns": ["version_num"]},
           "foreignKeys": [], "uniques": [], "indexes": []}


def column(c):
    return {"name": c["name"], "type": c["type"], "length": c.get("length"), "nullable": c["nullable"],
            "defaultValue": c.get("default"), "autoIncrement": bool(c.get("autoIncrement", False)),
            "enumName": c.get("enumName"), "enumValues": c.get("values", [])}


def block(items):
    return "".join("\n    " + json.dumps(i) + "," for i in items).rstrip(",") + ("\n   " if items else "")


for first, last, rev, releases in HEADS:
    tables = json.load(open("out-%s.json" % first))["tables"]
    assert tables == json.load(open("out-%s.json" % last))["tables"], (first, last)
    if first == "0.7.0":
        notes = ["JupyterHub 0.7 does not stamp alembic_version on a fresh database; 0.8 stamps af4cbdb2d13c "
                 "when it finds a services table."]
    else:
        tables = sorted(tables + [ALEMBIC], key=lambda t: t["name"])
        notes = ["alembic_version is created by alembic's stamp when JupyterHub first creates the database; "
                 "its primary key name alembic_version_pkc is alembic's (older alembic left it unnamed)."]
    if first.startswith(("0.", "1.")):
        notes.append("Constraints are unnamed (the engine names them); SQLAlchemy <= 1.3, which these releases ran "
                     "on, also adds CHECK constraints for Boolean and Enum columns, which this model leaves out.")
    out = ['{', ' "revision": %s,' % json.dumps(rev), ' "releases": %s,' % json.dumps(releases),
           ' "source": %s,' % json.dumps("jupyterhub/orm.py at %s (identical schema at %s), transcribed with "
                                         "transcribe.py" % (first, last)),
           ' "notes": [', ',\n'.join('  ' + json.dumps(n) for n in notes), ' ],', ' "tables": [']
    rendered = []
    for t in tables:
        pk = dict(t["primaryKey"], unique=True)
        uniques = [dict(u, unique=True) for u in t["uniques"]]
        rendered.append('  {"name": %s,\n   "columns": [\n%s\n   ],\n   "primaryKey": %s,\n   "foreignKeys": [%s],\n'
                        '   "uniques": [%s],\n   "indexes": [%s]}' % (
                            json.dumps(t["name"]), ',\n'.join('    ' + json.dumps(column(c)) for c in t["columns"]),
                            json.dumps(pk), block(t["foreignKeys"]), block(uniques), block(t["indexes"])))
    out += [',\n'.join(rendered), ' ]', '}']
    with open(os.path.join(HERE, "%s.json" % rev), "w") as f:
        f.write('\n'.join(out) + '\n')
