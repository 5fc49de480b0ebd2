package dev.hubconsole.hubdb;

/**
 * How a copy treats what is not plain JupyterHub data.
 *
 * @param replaceTarget drop the JupyterHub tables found in a non-empty target first (they are listed in the plan
 *                      and the report); without it a non-empty target is refused
 * @param keepLeftovers carry known upgrade leftovers (e.g. SQLite's {@code users.auth_state}) across instead of
 *                      dropping them; either way they are listed
 * @param parallelism   tables copied at once (0: as many as the machine has cores, at least 2); SQLite targets
 *                      always take one at a time
 */
public record CopyOptions(boolean replaceTarget, boolean keepLeftovers, int parallelism) {

    /** Checks the invariants. */
    public CopyOptions {
        if (parallelism < 0 || parallelism > 16) {
            throw new IllegalArgumentException("parallelism must be between 0 (automatic) and 16");
        }
    }

    /** Refuse non-empty targets, drop leftovers, automatic parallelism. */
    public static CopyOptions defaults() {
        return new CopyOptions(false, false, 0);
    }

    int workers() {
        return parallelism > 0 ? parallelism : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
