package dev.hubconsole.hubdb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides the target schema of a copy: JupyterHub's fresh schema at the source's revision rendered for the target
 * engine, plus the admin's additions found as drift on the source (extra tables, columns, indexes) with mapped
 * types, minus the known upgrade leftovers (kept only when asked).
 */
final class CopySchemaPlanner {

    /** The table that marks a copy in progress; its presence means the target is not a usable database yet. */
    static final String MARKER = "hubconsole_copy_incomplete";
    static final String ALEMBIC = "alembic_version";
    private static final Set<String> NEUTRAL = Set.of("INTEGER", "BIGINT", "VARCHAR", "TEXT", "DATETIME", "BOOLEAN",
            "BLOB");

    /** The outcome: tables in creation order, what was left out or added, and schema findings. */
    record Result(List<CopyTable> tables, List<String> leftovers, List<String> additions, List<String> notes,
            List<CopyFinding> findings) {
    }

    private CopySchemaPlanner() {
    }

    static Result plan(List<TableDef> live, ExpectedSchema sourceExpected, ExpectedSchema targetExpected,
            List<UpgradeArtefact> artefacts, boolean keepLeftovers) {
        Engine target = targetExpected.engine();
        Set<String> artefactObjects = new HashSet<>();
        artefacts.forEach(a -> artefactObjects.add(a.object()));
        Map<String, TableDef> liveByName = new LinkedHashMap<>();
        live.forEach(t -> liveByName.put(t.name(), t));
        List<CopyTable> tables = new ArrayList<>();
        List<String> leftovers = new ArrayList<>();
        List<String> additions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<CopyFinding> findings = new ArrayList<>();

        for (TableDef expected : targetExpected.tables()) {
            TableDef src = liveByName.remove(expected.name());
            if (src == null && DriftDetector.RECREATED_TABLES.contains(expected.name())) {
                notes.add("The source has no table " + expected.name() + " (JupyterHub's downgrades and its 2.0 "
                        + "migration drop it, the hub creates it again at start): the target gets it empty.");
                tables.add(new CopyTable(expected, java.util.Collections.nCopies(expected.columns().size(), null),
                        false));
                continue;
            }
            if (src == null) {
                findings.add(new CopyFinding(CopyFinding.Kind.SCHEMA, expected.name(), null, "the source has no table "
                        + expected.name() + " although its revision " + targetExpected.revision() + " has it"));
                continue;
            }
            TableDef srcExpected = sourceExpected.table(expected.name()).orElse(expected);
            List<ColumnDef> columns = new ArrayList<>(expected.columns());
            List<String> sourceColumns = new ArrayList<>();
            for (ColumnDef c : expected.columns()) {
                Optional<ColumnDef> s = src.column(c.name());
                if (s.isEmpty() && !c.nullable()) {
                    findings.add(new CopyFinding(CopyFinding.Kind.SCHEMA, expected.name(), null, "the source lacks "
                            + "the NOT NULL column " + c.name()));
                }
                sourceColumns.add(s.map(ColumnDef::name).orElse(null));
            }
            for (ColumnDef c : src.columns()) {
                if (expected.column(c.name()).isPresent()) {
                    continue;
                }
                String object = expected.name() + "." + c.name();
                if (artefactObjects.contains(object)) {
                    leftovers.add(object + (keepLeftovers ? " (upgrade leftover): kept" : " (upgrade leftover): dropped"
                            + ", as JupyterHub creates it fresh without it"));
                    if (!keepLeftovers) {
                        continue;
                    }
                } else {
                    additions.add("column " + object + " " + describe(c) + " → " + describe(mapColumn(c, target)));
                }
                columns.add(mapColumn(c, target));
                sourceColumns.add(c.name());
            }
            List<IndexDef> indexes = new ArrayList<>(expected.indexes());
            List<IndexDef> uniques = new ArrayList<>(expected.uniques());
            Set<String> targetColumns = new HashSet<>();
            columns.forEach(c -> targetColumns.add(c.name()));
            for (IndexDef i : extraIndexes(src, srcExpected)) {
                if (!targetColumns.containsAll(i.columns())) {
                    continue;
                }
                additions.add("index " + expected.name() + " " + i.columns() + (i.unique() ? " unique" : ""));
                indexes.add(new IndexDef(i.name() == null ? indexName(expected.name(), i) : i.name(), i.columns(),
                        i.unique()));
            }
            tables.add(new CopyTable(new TableDef(expected.name(), columns, expected.primaryKey(),
                    expected.foreignKeys(), uniques, indexes), sourceColumns, false));
        }
        liveByName.remove(MARKER);
        Set<String> names = new HashSet<>();
        tables.forEach(t -> names.add(t.name()));
        names.addAll(liveByName.keySet());
        for (TableDef extra : liveByName.values()) {
            if (artefactObjects.contains(extra.name()) && !keepLeftovers) {
                leftovers.add("table " + extra.name() + " (upgrade leftover): dropped");
                continue;
            }
            List<ColumnDef> columns = extra.columns().stream().map(c -> mapColumn(c, target)).toList();
            List<IndexDef> indexes = new ArrayList<>();
            for (IndexDef i : extra.indexes()) {
                indexes.add(i.name() == null ? i.named(indexName(extra.name(), i)) : i);
            }
            List<ForeignKeyDef> fks = extra.foreignKeys().stream().filter(f -> names.contains(f.refTable())).toList();
            IndexDef pk = extra.primaryKey() == null ? null : extra.primaryKey().named(
                    target == Engine.POSTGRESQL ? extra.primaryKey().name() : null);
            for (ColumnDef c : extra.columns()) {
                if (c.defaultValue() != null && simpleDefault(c.defaultValue()) == null) {
                    notes.add("the server default of " + extra.name() + "." + c.name() + " (" + c.defaultValue()
                            + ") is not carried across: set it again on the target if something relies on it");
                }
            }
            TableDef def = new TableDef(extra.name(), columns, pk, fks, extra.uniques(), indexes);
            additions.add("table " + extra.name() + " (" + columns.size() + " columns)");
            tables.add(new CopyTable(def, columns.stream().map(ColumnDef::name).toList(), true));
        }
        tables.sort((a, b) -> a.name().equals(ALEMBIC) ? 1 : b.name().equals(ALEMBIC) ? -1
                : a.name().compareTo(b.name()));
        return new Result(tables, leftovers, additions, notes, findings);
    }

    private static List<IndexDef> extraIndexes(TableDef live, TableDef expected) {
        List<IndexDef> known = new ArrayList<>(expected.indexes());
        known.addAll(expected.uniques());
        if (expected.primaryKey() != null) {
            known.add(expected.primaryKey());
        }
        List<IndexDef> out = new ArrayList<>();
        List<IndexDef> all = new ArrayList<>(live.indexes());
        all.addAll(live.uniques());
        for (IndexDef i : all) {
            boolean isKnown = known.stream().anyMatch(k -> k.columns().equals(i.columns()))
                    || expected.foreignKeys().stream().anyMatch(f -> f.columns().equals(i.columns()));
            if (!isKnown) {
                out.add(i);
            }
        }
        return out;
    }

    private static String indexName(String table, IndexDef i) {
        return (i.unique() ? "uq_" : "ix_") + table + "_" + String.join("_", i.columns());
    }

    /** The column with its type mapped to the target; types without a neutral equivalent become TEXT. */
    static ColumnDef mapColumn(ColumnDef c, Engine target) {
        String type = c.type().toUpperCase(Locale.ROOT);
        Integer length = c.length();
        switch (type) {
            case "INT", "INT4", "SMALLINT", "TINYINT", "MEDIUMINT", "INTEGER" -> type = "INTEGER";
            case "INT8", "BIGINT" -> type = "BIGINT";
            case "CHAR", "VARCHAR", "NVARCHAR", "CHARACTER VARYING" -> {
                type = length == null ? "TEXT" : "VARCHAR";
            }
            case "TIMESTAMP", "DATETIME" -> type = "DATETIME";
            case "BYTEA", "LONGBLOB", "MEDIUMBLOB", "BLOB" -> type = "BLOB";
            case "BOOL", "BOOLEAN" -> type = "BOOLEAN";
            default -> type = NEUTRAL.contains(type) ? type : "TEXT";
        }
        String def = simpleDefault(c.defaultValue());
        boolean auto = c.autoIncrement() && (type.equals("INTEGER") || type.equals("BIGINT"));
        return new ColumnDef(c.name(), type, type.equals("VARCHAR") ? length : null, c.nullable() || c.autoIncrement()
                && !auto, def, auto, null, List.of());
    }

    /** A literal default carried across (numbers, quoted strings, booleans), otherwise {@code null}. */
    static String simpleDefault(String def) {
        if (def == null) {
            return null;
        }
        String d = def.strip().replaceAll("::[a-z ]+$", "");
        if (d.matches("-?\\d+(\\.\\d+)?") || d.matches("'[^']*'")) {
            return d;
        }
        if (d.equalsIgnoreCase("true") || d.equalsIgnoreCase("false")) {
            return d.equalsIgnoreCase("true") ? "1" : "0";
        }
        return null;
    }

    private static String describe(ColumnDef c) {
        return c.type() + (c.length() == null ? "" : "(" + c.length() + ")") + (c.nullable() ? "" : " NOT NULL");
    }
}
