package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RevisionCatalog.Revision;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas JupyterHub creates fresh at each release head (0.7 to 6.0), per engine, and the known artefacts of
 * upgraded databases. The data ({@code hubdb/schemas/<revision>.json}, engine-neutral) is transcribed from
 * JupyterHub's own {@code orm.py} at each release tag; {@link #at} renders it with each engine's rules, so that it
 * equals what {@link LiveSchemaReader} reads from a database JupyterHub created:
 * <ul>
 * <li>SQLite keeps no names for primary keys, foreign keys and unique constraints (they exist only in the CREATE
 * TABLE text), so those names are {@code null}; an Enum is a VARCHAR as long as its longest value.</li>
 * <li>MySQL/MariaDB name every primary key PRIMARY (name {@code null}), report a unique index as a unique
 * constraint, and add an index named after each foreign key whose columns no other index starts with; an Enum is
 * an inline ENUM without a type name.</li>
 * <li>PostgreSQL keeps every name; an Enum is a named type.</li>
 * </ul>
 */
public final class SchemaCatalog {

    private static final String DIR = "/hubdb/schemas/";

    private final RevisionCatalog revisions;
    /** The release heads' ids, oldest first; each one's file is read when first asked for. */
    private final List<String> heads;
    private final Map<String, SchemaFile> files = new ConcurrentHashMap<>();
    private final List<UpgradeArtefact> artefacts;

    /** The data of one {@code schemas/<revision>.json}. */
    record SchemaFile(String revision, List<String> releases, String source, List<String> notes,
            List<TableDef> tables) {
    }

    private SchemaCatalog(RevisionCatalog revisions, List<UpgradeArtefact> artefacts) {
        this.revisions = revisions;
        this.heads = revisions.revisions().stream().filter(Revision::releaseHead).map(Revision::id).toList();
        this.artefacts = artefacts;
    }

    /**
     * The catalog shipped with the console. A schema file is read when its revision is first asked for (a copy needs
     * one of them), and checked against the revision catalog then.
     */
    public static SchemaCatalog standard() {
        return new SchemaCatalog(RevisionCatalog.standard(), readArtefacts());
    }

    private SchemaFile file(String revision) {
        if (!heads.contains(revision)) {
            return null;
        }
        return files.computeIfAbsent(revision, id -> {
            Revision r = revisions.revisions().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
            try (InputStream in = resource(id + ".json")) {
                SchemaFile file = SchemaFileReader.read(in, DIR + id + ".json");
                if (!file.revision().equals(id) || !file.releases().equals(r.releases())) {
                    throw new IllegalStateException(DIR + id + ".json does not match the revision catalog");
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The schema JupyterHub creates fresh at this revision on this engine, as {@link LiveSchemaReader} reads it;
     * empty for revisions that are no release's head.
     */
    public Optional<ExpectedSchema> at(String revision, Engine engine) {
        SchemaFile file = file(revision);
        if (file == null) {
            return Optional.empty();
        }
        List<TableDef> tables = file.tables().stream().map(t -> render(t, engine)).toList();
        return Optional.of(new ExpectedSchema(revision, engine, file.releases(), tables, file.notes(),
                artefactsAt(revision, engine)));
    }

    /** The revisions with a schema, oldest first. */
    public List<String> revisions() {
        return heads;
    }

    /** The artefacts a database upgraded to {@code revision} on {@code engine} may carry. */
    public List<UpgradeArtefact> artefactsAt(String revision, Engine engine) {
        int at = position(revision);
        return artefacts.stream()
                .filter(a -> a.engines().contains(engine))
                .filter(a -> a.introducedBy().equals("*") || position(a.introducedBy()) <= at)
                .filter(a -> a.goneAt() == null || position(a.goneAt()) > at)
                .toList();
    }

    private int position(String revision) {
        List<Revision> chain = revisions.revisions();
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).id().equals(revision)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown revision " + revision);
    }

    static TableDef render(TableDef t, Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> new TableDef(t.name(), t.columns().stream().map(c -> c.type().equals("ENUM")
                    ? c.withType("ENUM", null) : c).toList(), t.primaryKey(), t.foreignKeys(), t.uniques(),
                    t.indexes());
            case SQLITE -> new TableDef(t.name(), t.columns().stream().map(c -> c.type().equals("ENUM")
                    ? new ColumnDef(c.name(), "VARCHAR", c.length(), c.nullable(), c.defaultValue(), c.autoIncrement(),
                            null, List.of()) : c).toList(),
                    t.primaryKey() == null ? null : t.primaryKey().named(null),
                    t.foreignKeys().stream().map(f -> f.named(null)).toList(),
                    t.uniques().stream().map(u -> u.named(null)).toList(), t.indexes());
            case MYSQL -> renderMysql(t);
        };
    }

    private static TableDef renderMysql(TableDef t) {
        List<ColumnDef> columns = t.columns().stream().map(c -> c.type().equals("ENUM")
                ? new ColumnDef(c.name(), "ENUM", null, c.nullable(), c.defaultValue(), c.autoIncrement(), null,
                        c.enumValues()) : c).toList();
        List<IndexDef> uniques = new ArrayList<>(t.uniques());
        List<IndexDef> indexes = new ArrayList<>();
        for (IndexDef i : t.indexes()) {
            (i.unique() ? uniques : indexes).add(i);
        }
        List<List<String>> covering = new ArrayList<>();
        if (t.primaryKey() != null) {
            covering.add(t.primaryKey().columns());
        }
        uniques.forEach(u -> covering.add(u.columns()));
        indexes.forEach(i -> covering.add(i.columns()));
        for (ForeignKeyDef f : t.foreignKeys()) {
            boolean covered = covering.stream().anyMatch(cols -> cols.size() >= f.columns().size()
                    && cols.subList(0, f.columns().size()).equals(f.columns()));
            if (!covered) {
                IndexDef implicit = new IndexDef(f.name(), f.columns(), false);
                indexes.add(implicit);
                covering.add(implicit.columns());
            }
        }
        return new TableDef(t.name(), columns, t.primaryKey() == null ? null : t.primaryKey().named(null),
                t.foreignKeys(), uniques, indexes);
    }

    private static List<UpgradeArtefact> readArtefacts() {
        List<UpgradeArtefact> out = new ArrayList<>();
        try (InputStream in = resource("upgrade-artefacts.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 5) {
                    throw new IllegalStateException(DIR + "upgrade-artefacts.tsv: expected 5 fields: " + line);
                }
                List<Engine> engines = f[2].equals("ALL") ? List.of(Engine.values())
                        : Arrays.stream(f[2].split(",")).map(Engine::valueOf).toList();
                out.add(new UpgradeArtefact(f[0], f[1].equals("-") ? null : f[1], engines, f[3], f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }

    private static InputStream resource(String name) {
        InputStream in = SchemaCatalog.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + DIR + name);
        }
        return in;
    }
}
