package dev.hubconsole.hubdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The schema JupyterHub creates fresh at one alembic revision on one engine, as {@link LiveSchemaReader} reads it
 * back: transcribed from JupyterHub's own {@code orm.py} and rendered with the engine's rules (see
 * {@link SchemaCatalog}).
 *
 * @param revision        the alembic revision
 * @param engine          the engine it is rendered for
 * @param releases        the release lines whose head the revision is
 * @param tables          the tables, sorted by name
 * @param notes           what the model leaves out or what differs for this release, one line each
 * @param upgradeArtefacts how a database that was upgraded to this revision (rather than created fresh) differs
 */
public record ExpectedSchema(String revision, Engine engine, List<String> releases, List<TableDef> tables,
        List<String> notes, List<UpgradeArtefact> upgradeArtefacts) {

    /** Checks the invariants. */
    public ExpectedSchema {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(engine, "engine");
        releases = List.copyOf(releases);
        tables = tables.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
        notes = List.copyOf(notes);
        upgradeArtefacts = List.copyOf(upgradeArtefacts);
    }

    /** The table with this name. */
    public Optional<TableDef> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * How a live schema differs from this one, one line per difference (empty when it matches). A name this
     * schema leaves {@code null} matches any name.
     */
    public List<String> differences(List<TableDef> live) {
        List<String> out = new ArrayList<>();
        Map<String, TableDef> liveByName = live.stream().collect(Collectors.toMap(TableDef::name, Function.identity()));
        for (TableDef expected : tables) {
            TableDef actual = liveByName.remove(expected.name());
            if (actual == null) {
                out.add("table " + expected.name() + " is missing");
                continue;
            }
            compare(expected, actual, out);
        }
        liveByName.keySet().stream().sorted().forEach(t -> out.add("table " + t + " is not JupyterHub's"));
        return out;
    }

    private static void compare(TableDef e, TableDef a, List<String> out) {
        String t = e.name();
        int before = out.size();
        if (!e.columns().equals(a.columns())) {
            Map<String, ColumnDef> actual = a.columns().stream()
                    .collect(Collectors.toMap(ColumnDef::name, Function.identity()));
            for (ColumnDef c : e.columns()) {
                ColumnDef live = actual.remove(c.name());
                if (live == null) {
                    out.add(t + "." + c.name() + " is missing");
                } else if (!c.equals(live)) {
                    out.add(t + "." + c.name() + " is " + live + ", expected " + c);
                }
            }
            actual.keySet().forEach(c -> out.add(t + "." + c + " is not JupyterHub's"));
            if (out.size() == before) {
                out.add(t + " has its columns in another order: " + a.columns().stream().map(ColumnDef::name).toList());
            }
        }
        if (e.primaryKey() == null ? a.primaryKey() != null : !matches(e.primaryKey(), a.primaryKey())) {
            out.add(t + " primary key is " + a.primaryKey() + ", expected " + e.primaryKey());
        }
        compareAll(t, "foreign key", e.foreignKeys(), a.foreignKeys(), (x, y) -> x.named(null).equals(y.named(null))
                && (x.name() == null || x.name().equals(y.name())), out);
        compareAll(t, "unique constraint", e.uniques(), a.uniques(), ExpectedSchema::matches, out);
        compareAll(t, "index", e.indexes(), a.indexes(), ExpectedSchema::matches, out);
    }

    private static boolean matches(IndexDef expected, IndexDef actual) {
        return actual != null && expected.named(null).equals(actual.named(null))
                && (expected.name() == null || expected.name().equals(actual.name()));
    }

    private static <T> void compareAll(String table, String what, List<T> expected, List<T> actual,
            java.util.function.BiPredicate<T, T> match, List<String> out) {
        List<T> left = new ArrayList<>(actual);
        for (T e : expected) {
            Optional<T> hit = left.stream().filter(a -> match.test(e, a)).findFirst();
            if (hit.isPresent()) {
                left.remove(hit.get());
            } else {
                out.add(table + " " + what + " " + e + " is missing");
            }
        }
        left.forEach(a -> out.add(table + " " + what + " " + a + " is not JupyterHub's"));
    }
}
