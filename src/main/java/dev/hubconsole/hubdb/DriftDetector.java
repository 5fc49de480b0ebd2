package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.DriftFinding.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a live schema with the schema JupyterHub creates at the same revision and classifies every difference
 * (see {@link DriftFinding.Kind}); known upgrade artefacts ({@link ExpectedSchema#upgradeArtefacts()}) are not
 * blamed on the admin. Only compares models: reads nothing itself.
 */
final class DriftDetector {

    private static final String ARTEFACT_UPGRADE = "Harmless: JupyterHub's own migrations leave this; upgrade-db "
            + "expects it.";
    private static final String ARTEFACT_ENGINE = "Disappears: the target database gets the schema JupyterHub "
            + "creates fresh.";
    private static final String ADDITION_UPGRADE = "Kept: upgrade-db only alters JupyterHub's own tables and columns, "
            + "and the backup holds it too.";
    private static final String ADDITION_ENGINE = "Copied with the data: the console preserves extra tables, columns "
            + "and indexes; check that the target engine accepts its definition.";

    /** Tables JupyterHub drops in migrations and downgrades and creates again, empty, when it starts. */
    /** Tables JupyterHub's downgrades and its 2.0 migration drop; the hub creates them again, empty, at start. */
    static final java.util.Set<String> RECREATED_TABLES = java.util.Set.of("api_tokens", "oauth_clients",
            "oauth_codes", "oauth_access_tokens", "api_token_role_map", "oauth_client_role_map",
            "oauth_code_role_map");

    private final ExpectedSchema expected;
    private final List<UpgradeArtefact> artefacts;
    private final List<DriftFinding> out = new ArrayList<>();

    private DriftDetector(ExpectedSchema expected) {
        this.expected = expected;
        this.artefacts = expected.upgradeArtefacts();
    }

    /** Every difference between {@code live} and {@code expected}, tables in name order. */
    static List<DriftFinding> compare(ExpectedSchema expected, List<TableDef> live) {
        DriftDetector d = new DriftDetector(expected);
        Map<String, TableDef> liveByName = live.stream()
                .collect(Collectors.toMap(TableDef::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        for (TableDef e : expected.tables()) {
            TableDef a = liveByName.remove(e.name());
            if (a == null && RECREATED_TABLES.contains(e.name())) {
                d.add(Kind.ARTEFACT, e.name(), "Table " + e.name() + " is missing: JupyterHub's downgrades and the "
                        + "2.0 migration drop the token and OAuth tables, and the hub creates them again, empty, on its "
                        + "next start.", "Harmless for upgrade-db (its migrations skip the missing table); the tokens "
                                + "or OAuth clients it held are gone already.", "Nothing to copy; the target gets the "
                                        + "empty table.");
            } else if (a == null) {
                d.add(Kind.BLOCKING, e.name(), "Table " + e.name() + " is missing.",
                        "upgrade-db and the hub fail on the missing table: restore it (from a backup) before "
                                + "upgrading.", "Cannot be copied: the hub's data for " + e.name() + " is gone.");
            } else {
                d.table(e, a);
            }
        }
        for (TableDef extra : liveByName.values()) {
            Optional<UpgradeArtefact> artefact = d.artefact(extra.name());
            if (artefact.isPresent()) {
                d.artefactFinding(extra.name(), "Table " + extra.name() + " is not in the fresh schema: "
                        + artefact.get().difference());
            } else {
                d.add(Kind.ADDITION, extra.name(), "Table " + extra.name() + " is not JupyterHub's ("
                        + extra.columns().size() + " columns).", ADDITION_UPGRADE, ADDITION_ENGINE);
            }
        }
        return List.copyOf(d.out);
    }

    private void table(TableDef e, TableDef a) {
        String t = e.name();
        Map<String, ColumnDef> liveColumns = a.columns().stream()
                .collect(Collectors.toMap(ColumnDef::name, Function.identity(), (x, y) -> x, LinkedHashMap::new));
        for (ColumnDef c : e.columns()) {
            ColumnDef live = liveColumns.remove(c.name());
            if (live == null) {
                add(Kind.BLOCKING, t + "." + c.name(), "Column " + t + "." + c.name() + " (" + describe(c)
                        + ") is missing.", "JupyterHub reads and writes it: the hub and upgrade-db fail; add it back "
                                + "as " + describe(c) + " or restore a backup.",
                        "The copy has nowhere to take its values from; fix it before changing engines.");
            } else {
                column(t, c, live);
            }
        }
        for (ColumnDef extra : liveColumns.values()) {
            String object = t + "." + extra.name();
            Optional<UpgradeArtefact> artefact = artefact(object);
            if (artefact.isPresent()) {
                artefactFinding(object, "Column " + object + " is not in the fresh schema: "
                        + artefact.get().difference());
            } else if (!extra.nullable() && extra.defaultValue() == null && !extra.autoIncrement()) {
                add(Kind.RISKY, object, "Column " + object + " (" + describe(extra) + ") is the admin's, NOT NULL "
                        + "without a default.", "JupyterHub does not know it, so every row the hub inserts into " + t
                                + " fails: give it a default or allow NULL.", ADDITION_ENGINE);
            } else {
                add(Kind.ADDITION, object, "Column " + object + " (" + describe(extra) + ") is not JupyterHub's.",
                        ADDITION_UPGRADE, ADDITION_ENGINE);
            }
        }
        List<String> expectedOrder = e.columns().stream().map(ColumnDef::name)
                .filter(n -> a.column(n).isPresent()).toList();
        List<String> liveOrder = a.columns().stream().map(ColumnDef::name)
                .filter(n -> e.column(n).isPresent()).toList();
        if (!expectedOrder.equals(liveOrder)) {
            artefactFinding(t, "Columns of " + t + " are in another order than in a fresh database (columns added "
                    + "by migrations come last).");
        }
        primaryKey(t, e.primaryKey(), a.primaryKey());
        foreignKeys(t, e.foreignKeys(), a.foreignKeys());
        indexes(t, "unique constraint", e.uniques(), a.uniques(), a.indexes());
        indexes(t, "index", e.indexes(), a.indexes(), a.uniques());
    }

    private void column(String t, ColumnDef e, ColumnDef a) {
        String object = t + "." + e.name();
        if (!e.type().equals(a.type()) || !Objects.equals(e.length(), a.length())
                || !e.enumValues().equals(a.enumValues()) && !a.enumValues().isEmpty()) {
            String detail = object + " is " + describe(a) + " where JupyterHub declares " + describe(e) + ".";
            if (columnArtefact(t, e.name()).isPresent()) {
                artefactFinding(object, detail + " " + columnArtefact(t, e.name()).get().difference());
            } else {
                add(Kind.RISKY, object, detail, typeMeaning(e, a), "The target gets JupyterHub's " + describe(e)
                        + ": values that only fit " + describe(a) + " are refused or changed.");
            }
        }
        if (e.nullable() != a.nullable()) {
            if (e.nullable()) {
                add(Kind.RISKY, object, object + " is NOT NULL where JupyterHub allows NULL.",
                        "Every insert or migration that leaves it empty fails: allow NULL again.",
                        "The target allows NULL as JupyterHub declares; no data problem.");
            } else {
                add(Kind.RISKY, object, object + " allows NULL where JupyterHub declares NOT NULL (constraint "
                        + "removed).", "JupyterHub assumes a value: rows with NULL break the hub; fill them and restore "
                                + "NOT NULL.", "Rows with NULL are refused by the target's NOT NULL column.");
            }
        }
        if (!Objects.equals(e.defaultValue(), a.defaultValue())) {
            Optional<UpgradeArtefact> artefact = columnArtefact(t, e.name());
            if (artefact.isPresent()) {
                artefactFinding(object, object + " has default " + a.defaultValue() + ": "
                        + artefact.get().difference());
            } else if (a.defaultValue() == null) {
                add(Kind.RISKY, object, object + " has lost its default " + e.defaultValue() + ".",
                        "Inserts that rely on the default fail or get NULL.", "The target gets the default back.");
            } else if (e.defaultValue() == null) {
                add(Kind.ADDITION, object, object + " has the admin's default " + a.defaultValue() + ".",
                        "Kept; JupyterHub always sets the value itself, so the default is unused.",
                        "The target gets JupyterHub's definition without the default; the hub does not need it.");
            } else {
                add(Kind.RISKY, object, object + " has default " + a.defaultValue() + " where JupyterHub declares "
                        + e.defaultValue() + ".", "Inserts that rely on the default get another value.",
                        "The target gets JupyterHub's default.");
            }
        }
        if (e.autoIncrement() && !a.autoIncrement()) {
            add(Kind.RISKY, object, object + " no longer generates its values (not SERIAL/AUTO_INCREMENT).",
                    "The hub's inserts into " + t + " fail without an id.", "The target generates ids again; the "
                            + "console sets the sequence past the largest id.");
        }
    }

    private static String typeMeaning(ColumnDef e, ColumnDef a) {
        if (a.type().equals("TIMESTAMPTZ") || a.type().equals("TIMESTAMP WITH TIME ZONE")) {
            return "The hub compares aware and naive datetimes (TypeError) and token logins fail with 403: change it "
                    + "back to timestamp without time zone.";
        }
        if (a.type().equals("JSON") || a.type().equals("JSONB")) {
            return "The hub receives parsed objects instead of JSON text and jsonb rejects \\u0000: change it back to "
                    + "text.";
        }
        if (e.length() != null && a.length() != null && a.length() < e.length()) {
            return "Values JupyterHub writes up to " + e.length() + " characters are refused or cut: widen it again.";
        }
        return "Migrations written for " + describe(e) + " may fail or behave differently on it.";
    }

    private void primaryKey(String t, IndexDef e, IndexDef a) {
        if (e == null) {
            if (a != null) {
                add(Kind.ADDITION, t, "Table " + t + " has the admin's primary key " + a.columns() + ".",
                        ADDITION_UPGRADE, ADDITION_ENGINE);
            }
            return;
        }
        if (a == null || !a.columns().equals(e.columns())) {
            add(Kind.RISKY, t, "Primary key of " + t + " is " + (a == null ? "missing" : a.columns()) + " where "
                    + "JupyterHub declares " + e.columns() + " (constraint removed).", "Duplicate ids can appear and "
                            + "migrations that rebuild the table may fail.", "The target gets the primary key; "
                                    + "duplicate ids are refused.");
        } else if (e.name() != null && !e.name().equals(a.name())) {
            artefactFinding(t, "Primary key of " + t + " is named " + a.name() + ", not " + e.name()
                    + " (engine-named constraint of an older release).");
        }
    }

    private void foreignKeys(String t, List<ForeignKeyDef> expectedKeys, List<ForeignKeyDef> liveKeys) {
        List<ForeignKeyDef> left = new ArrayList<>(liveKeys);
        for (ForeignKeyDef e : expectedKeys) {
            String object = t + ":" + String.join(",", e.columns());
            String what = "Foreign key " + t + "." + e.columns() + " -> " + e.refTable() + "." + e.refColumns();
            Optional<ForeignKeyDef> same = left.stream().filter(a -> a.named(null).equals(e.named(null))).findFirst();
            if (same.isPresent()) {
                left.remove(same.get());
                if (e.name() != null && !e.name().equals(same.get().name())) {
                    artefactFinding(object, what + " is named " + same.get().name() + ", not " + e.name()
                            + " (engine-named constraint of an older release).");
                }
                continue;
            }
            Optional<ForeignKeyDef> other = left.stream().filter(a -> a.columns().equals(e.columns())
                    && a.refTable().equals(e.refTable())).findFirst();
            Optional<UpgradeArtefact> artefact = artefact(object);
            if (other.isPresent()) {
                left.remove(other.get());
                add(Kind.RISKY, object, what + " has ON DELETE " + other.get().onDelete() + " where JupyterHub "
                        + "declares " + e.onDelete() + ".", "Deleting a " + e.refTable() + " row leaves or removes "
                                + "other rows than JupyterHub expects.", "The target gets JupyterHub's ON DELETE "
                                        + e.onDelete() + ".");
            } else if (artefact.isPresent()) {
                artefactFinding(object, what + " is missing: " + artefact.get().difference());
            } else {
                add(Kind.RISKY, object, what + " is missing (constraint removed).", "Rows can point at deleted "
                        + "rows; the hub may fail on them (see data health).", "The target enforces it: rows that "
                                + "violate it are refused by the copy.");
            }
        }
        for (ForeignKeyDef extra : left) {
            add(Kind.ADDITION, t + ":" + String.join(",", extra.columns()), "Foreign key " + t + "."
                    + extra.columns() + " -> " + extra.refTable() + "." + extra.refColumns() + " is the admin's.",
                    "Kept; deletes the hub makes may now fail on it.", ADDITION_ENGINE);
        }
    }

    private void indexes(String t, String what, List<IndexDef> expectedIndexes, List<IndexDef> liveIndexes,
            List<IndexDef> liveOther) {
        List<IndexDef> left = new ArrayList<>(liveIndexes);
        for (IndexDef e : expectedIndexes) {
            String object = t + ":" + (e.name() == null ? String.join(",", e.columns()) : e.name());
            Optional<IndexDef> same = left.stream().filter(a -> a.named(null).equals(e.named(null))).findFirst();
            if (same.isPresent()) {
                left.remove(same.get());
                if (e.name() != null && !e.name().equals(same.get().name())) {
                    artefactFinding(object, "The " + what + " on " + t + e.columns() + " is named "
                            + same.get().name() + ", not " + e.name() + " (engine-named, older release).");
                }
                continue;
            }
            boolean elsewhere = liveOther.stream().anyMatch(a -> a.named(null).equals(e.named(null)));
            if (elsewhere) {
                continue;
            }
            Optional<UpgradeArtefact> artefact = artefact(t + ":" + String.join(",", e.columns()));
            if (artefact.isPresent()) {
                artefactFinding(object, "The " + what + " on " + t + e.columns() + " is missing: "
                        + artefact.get().difference());
            } else if (e.unique()) {
                add(Kind.RISKY, object, "The " + what + " on " + t + e.columns() + " is missing (constraint "
                        + "removed).", "Duplicates can appear where JupyterHub relies on uniqueness; migrations "
                                + "that rebuild the table may fail.", "The target enforces it: duplicate rows are "
                                        + "refused by the copy.");
            } else {
                add(Kind.RISKY, object, "The " + what + " on " + t + e.columns() + " is missing.", "Lookups by "
                        + e.columns() + " scan the whole table: a large hub gets slow.", "The target gets the "
                                + "index back.");
            }
        }
        for (IndexDef extra : left) {
            String object = t + ":" + (extra.name() == null ? String.join(",", extra.columns()) : extra.name());
            add(Kind.ADDITION, object, "The " + (extra.unique() ? "unique " : "") + what + " "
                    + (extra.name() == null ? "" : extra.name() + " ") + "on " + t + extra.columns()
                    + " is the admin's.", extra.unique() ? "Kept; hub inserts that break its uniqueness fail."
                            : ADDITION_UPGRADE, ADDITION_ENGINE);
        }
    }

    private Optional<UpgradeArtefact> artefact(String object) {
        return artefacts.stream().filter(a -> a.object().equals(object)
                || List.of(a.object().split(",")).contains(object)).findFirst();
    }

    private Optional<UpgradeArtefact> columnArtefact(String table, String column) {
        return artefacts.stream().filter(a -> a.object().equals(table + "." + column)
                || a.object().endsWith("." + column) && a.difference().contains(table)).findFirst();
    }

    private void artefactFinding(String object, String detail) {
        add(Kind.ARTEFACT, object, detail, ARTEFACT_UPGRADE, ARTEFACT_ENGINE);
    }

    private void add(Kind kind, String object, String detail, String upgrade, String engineChange) {
        out.add(new DriftFinding(kind, object, detail, upgrade, engineChange));
    }

    static String describe(ColumnDef c) {
        String type = c.type() + (c.length() == null ? "" : "(" + c.length() + ")");
        return type + (c.nullable() ? "" : " NOT NULL") + (c.defaultValue() == null ? "" : " DEFAULT "
                + c.defaultValue());
    }

}
