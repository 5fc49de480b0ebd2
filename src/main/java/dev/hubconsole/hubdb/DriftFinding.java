package dev.hubconsole.hubdb;

import java.util.Objects;

/**
 * One difference between a live JupyterHub database and the schema JupyterHub creates at its revision.
 *
 * @param kind         how it is classified
 * @param object       what it concerns: {@code table}, {@code table.column} or {@code table:constraint}
 * @param detail       one line: what differs
 * @param upgrade      one line: what it means for {@code upgrade-db} and the upgraded hub
 * @param engineChange one line: what it means for a move to another database engine
 */
public record DriftFinding(Kind kind, String object, String detail, String upgrade, String engineChange) {

    /** How a difference is classified. */
    public enum Kind {
        /** Left by JupyterHub's own migrations: harmless. */
        ARTEFACT,
        /** The admin's extra table, column, index or default: preserved by every later step. */
        ADDITION,
        /** A type or nullability changed, a constraint or index removed: may break the upgrade or the copy. */
        RISKY,
        /** A table or column JupyterHub needs is missing: the upgrade must not run. */
        BLOCKING
    }

    /** Checks the invariants. */
    public DriftFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(upgrade, "upgrade");
        Objects.requireNonNull(engineChange, "engineChange");
    }
}
