package dev.hubconsole.hubdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JupyterHub's chain of alembic schema revisions, oldest first, and which release lines stop at which revision.
 * Read from {@code hubdb/revisions.tsv}, transcribed from JupyterHub's own {@code alembic/versions} at each release
 * tag. It never guesses: a revision it does not know is reported as unknown.
 */
public final class RevisionCatalog {

    private static final String RESOURCE = "/hubdb/revisions.tsv";
    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:[.\\-+a-z0-9]*)$");

    private final List<Revision> chain;
    private final Map<String, Integer> positions = new LinkedHashMap<>();
    private final Map<String, Revision> headsByRelease = new LinkedHashMap<>();

    /** One alembic revision; {@code releases} are the release lines (e.g. "3.0") whose head it is. */
    public record Revision(String id, String downRevision, String description, List<String> releases) {
        /** Checks the invariants. */
        public Revision {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(description, "description");
            if (!id.matches("[0-9a-f]{12}")) {
                throw new IllegalArgumentException("not an alembic revision id: " + id);
            }
            releases = List.copyOf(releases);
        }

        /** Whether it is the head of at least one release line. */
        public boolean releaseHead() {
            return !releases.isEmpty();
        }
    }

    /** What a database's alembic revision says about it. */
    public enum VerdictKind {
        /** A revision of JupyterHub's chain. */
        KNOWN,
        /** Not in this catalog: a newer JupyterHub or another application; the console does not guess which. */
        UNKNOWN,
        /** No alembic_version: not a JupyterHub database, or one created by 0.7 or older (never stamped). */
        NO_ALEMBIC_VERSION
    }

    /**
     * The catalog's verdict on a database revision.
     *
     * @param kind      the verdict
     * @param revision  the revision read from the database, if any
     * @param releases  the release lines whose head it is (empty for intermediate or unknown revisions)
     * @param message   one line for the administrator
     */
    public record Verdict(VerdictKind kind, Optional<String> revision, List<String> releases, String message) {
        /** Checks the invariants. */
        public Verdict {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(message, "message");
            releases = List.copyOf(releases);
            if ((kind == VerdictKind.NO_ALEMBIC_VERSION) == revision.isPresent()) {
                throw new IllegalArgumentException("a revision is present exactly when alembic_version was found");
            }
        }
    }

    private RevisionCatalog(List<Revision> chain) {
        if (chain.isEmpty()) {
            throw new IllegalStateException("empty revision catalog");
        }
        String expectedDown = null;
        for (int i = 0; i < chain.size(); i++) {
            Revision r = chain.get(i);
            if (!Objects.equals(r.downRevision(), expectedDown)) {
                throw new IllegalStateException("revision catalog is not one chain at " + r.id() + ": down_revision "
                        + r.downRevision() + ", expected " + expectedDown);
            }
            if (positions.put(r.id(), i) != null) {
                throw new IllegalStateException("revision listed twice: " + r.id());
            }
            for (String release : r.releases()) {
                if (headsByRelease.put(release, r) != null) {
                    throw new IllegalStateException("release " + release + " has two heads");
                }
            }
            expectedDown = r.id();
        }
        this.chain = List.copyOf(chain);
    }

    /** The catalog shipped with the console. */
    public static RevisionCatalog standard() {
        try (InputStream in = RevisionCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Revision> chain = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    throw new IllegalStateException(RESOURCE + ": expected 4 tab-separated fields: " + line);
                }
                chain.add(new Revision(f[0], f[1].equals("-") ? null : f[1], f[3],
                        f[2].equals("-") ? List.of() : Arrays.asList(f[2].split(","))));
            }
            return new RevisionCatalog(chain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All revisions, oldest first. */
    public List<Revision> revisions() {
        return chain;
    }

    /** The revision with this id. */
    public Optional<Revision> find(String id) {
        Integer at = id == null ? null : positions.get(id.strip());
        return at == null ? Optional.empty() : Optional.of(chain.get(at));
    }

    /** The newest revision the catalog knows. */
    public Revision head() {
        return chain.get(chain.size() - 1);
    }

    /**
     * The head revision of a JupyterHub release ("3.0.0", "2.3.1", "6.0.0b2"; only major.minor counts), or empty
     * for a release the catalog does not know (including 0.5/0.6, which had no alembic revisions).
     */
    public Optional<String> headFor(String jupyterhubVersion) {
        if (jupyterhubVersion == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(jupyterhubVersion.strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        String line = Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2));
        return Optional.ofNullable(headsByRelease.get(line)).map(Revision::id);
    }

    /**
     * The revisions {@code upgrade-db} applies to go from {@code from} to {@code to}, in order ({@code from}
     * excluded, {@code to} included).
     *
     * @throws IllegalArgumentException when either is unknown or {@code to} is not after {@code from}
     */
    public List<Revision> pathBetween(String from, String to) {
        Integer start = positions.get(from);
        Integer end = positions.get(to);
        if (start == null || end == null) {
            throw new IllegalArgumentException("Unknown revision " + (start == null ? from : to) + ": the catalog "
                    + "knows JupyterHub's revisions up to " + head().id() + "; check the revision.");
        }
        if (end <= start) {
            throw new IllegalArgumentException("Revision " + to + " is not after " + from + ": an upgrade only goes "
                    + "forward; roll back by restoring a backup instead.");
        }
        return chain.subList(start + 1, end + 1);
    }

    /** The verdict on a revision read from a database ({@link HubDatabases#alembicRevision}). */
    public Verdict verdict(Optional<String> revision) {
        if (revision.isEmpty()) {
            return new Verdict(VerdictKind.NO_ALEMBIC_VERSION, revision, List.of(), "No alembic_version table: this "
                    + "is not a JupyterHub database, or one JupyterHub 0.7 or older created (they did not record "
                    + "their revision; 0.8+ stamps it on start); check the database URL.");
        }
        String id = revision.get().strip();
        Optional<Revision> known = find(id);
        if (known.isEmpty()) {
            return new Verdict(VerdictKind.UNKNOWN, Optional.of(id), List.of(), "Revision " + id + " is not one of "
                    + "JupyterHub's revisions up to " + head().id() + ": it comes from a newer JupyterHub or "
                    + "another application; the console does not guess which.");
        }
        Revision r = known.get();
        if (r.releaseHead()) {
            return new Verdict(VerdictKind.KNOWN, Optional.of(id), r.releases(), "Revision " + id + " is the schema "
                    + "of JupyterHub " + String.join(", ", r.releases()) + ".");
        }
        Optional<Revision> next = chain.subList(positions.get(id), chain.size()).stream()
                .filter(Revision::releaseHead).findFirst();
        return new Verdict(VerdictKind.KNOWN, Optional.of(id), List.of(), "Revision " + id + " (" + r.description()
                + ") lies between releases" + next.map(n -> "; the next release schema is " + n.id() + " (JupyterHub "
                        + String.join(", ", n.releases()) + ")").orElse("") + ".");
    }
}
