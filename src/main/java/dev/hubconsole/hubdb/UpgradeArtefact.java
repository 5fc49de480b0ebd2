package dev.hubconsole.hubdb;

import java.util.List;
import java.util.Objects;

/**
 * A known way in which a database upgraded by JupyterHub's migrations differs from one JupyterHub created fresh at
 * the same revision, so that drift detection does not blame the administrator for it.
 *
 * @param introducedBy the migration that leaves it, or {@code "*"} for artefacts of upgrading in general
 * @param goneAt       the revision whose migration removes or rebuilds the object, or {@code null} (still there)
 * @param engines      the engines it occurs on
 * @param object       what it concerns: {@code table}, {@code table.column}, {@code table:constraint}, or {@code *}
 * @param difference   one line describing it
 */
public record UpgradeArtefact(String introducedBy, String goneAt, List<Engine> engines, String object,
        String difference) {

    /** Checks the invariants. */
    public UpgradeArtefact {
        Objects.requireNonNull(introducedBy, "introducedBy");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(difference, "difference");
        engines = List.copyOf(engines);
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("an artefact occurs on at least one engine");
        }
    }
}
