package dev.hubconsole.hubdb;

import java.util.Objects;

/**
 * How a copy treats what is not plain JupyterHub data.
 *
 * @param replaceTarget drop the JupyterHub tables found in a non-empty target first (they are listed in the plan
 *                      and the report); without it a non-empty target is refused
 * @param keepLeftovers carry known upgrade leftovers (e.g. SQLite's {@code users.auth_state}) across instead of
 *                      dropping them; either way they are listed
 * @param parallelism   tables copied at once (0: as many as the machine has cores, at least 2); SQLite targets
 *                      always take one at a time
 * @param onViolation   what happens to source rows the target would reject (the health check's findings)
 */
public record CopyOptions(boolean replaceTarget, boolean keepLeftovers, int parallelism, OnViolation onViolation) {

    /**
     * What a copy does with rows the target would reject: orphans of a foreign key, values longer than the target
     * column, integers outside its range, unique values that are equal under the target's collation. Whatever is
     * chosen, the source is never modified and every handled row is listed ({@link CopyPlan#handled()}).
     */
    public enum OnViolation {
        /** List them and copy nothing (the default). */
        STOP,
        /**
         * Leave each such row out, as deleting it would have: its dependent rows are left out too (ON DELETE
         * CASCADE), or get NULL in the referring column (ON DELETE SET NULL); an orphan is treated the same way by
         * its own foreign key. Of rows with equal unique values the one with the lowest key is kept.
         */
        SKIP,
        /**
         * As {@link #SKIP}, except that a value longer than its VARCHAR column is cut to the column's length
         * (counted in characters) when the column is neither part of a key nor of a foreign key; a cut value that
         * then equals another row's yields to it.
         */
        TRUNCATE
    }

    /** Checks the invariants. */
    public CopyOptions {
        if (parallelism < 0 || parallelism > 16) {
            throw new IllegalArgumentException("parallelism must be between 0 (automatic) and 16");
        }
        Objects.requireNonNull(onViolation, "onViolation");
    }

    /** Rows the target would reject stop the copy. */
    public CopyOptions(boolean replaceTarget, boolean keepLeftovers, int parallelism) {
        this(replaceTarget, keepLeftovers, parallelism, OnViolation.STOP);
    }

    /** Refuse non-empty targets, drop leftovers, automatic parallelism, stop on rows the target would reject. */
    public static CopyOptions defaults() {
        return new CopyOptions(false, false, 0);
    }

    int workers() {
        return parallelism > 0 ? parallelism : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
