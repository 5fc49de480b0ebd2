package dev.hubconsole.wizard;

import dev.hubconsole.hubdb.CopyOptions;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.InvalidDbUrlException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A change of database engine (or server) asked for when the Plan step is started: the hub's database is copied to
 * {@code target} by {@link dev.hubconsole.hubdb.DatabaseCopy} during Migrate, the source is never modified.
 *
 * @param target        where the hub's database goes (holds the password; print {@link DbUrl#display()})
 * @param mode          multi-step (engine only, same release) or all at once (copy, then upgrade the copy)
 * @param replaceTarget drop the JupyterHub tables found in the target first (audited)
 * @param keepLeftovers carry known upgrade leftovers across instead of dropping them
 * @param writeConfig   the console may write {@code c.JupyterHub.db_url} into {@code jupyterhub_config.py} (audited)
 * @param onViolation   what the copy does with source rows the target would reject (stop, skip, truncate; audited)
 */
record EngineChange(DbUrl target, Mode mode, boolean replaceTarget, boolean keepLeftovers, boolean writeConfig,
        CopyOptions.OnViolation onViolation) {

    /** Input field: the target URL (a secret: stored encrypted). */
    static final String TARGET = "targetDbUrl";
    /** Input field: {@code multi-step} or {@code all-at-once}. */
    static final String MODE = "engineChangeMode";
    /** Input flag: drop the target's JupyterHub tables first. */
    static final String REPLACE_TARGET = "replaceTarget";
    /** Input flag: keep known upgrade leftovers. */
    static final String KEEP_LEFTOVERS = "keepLeftovers";
    /** Input flag: write the db_url line into the configuration. */
    static final String WRITE_CONFIG = "writeDbUrlToConfig";
    /** Input field: {@code stop}, {@code skip} or {@code truncate} for rows the target would reject. */
    static final String ON_VIOLATION = "onViolation";

    /** Why all at once copies first and upgrades the copy. */
    static final String ORDER = "All at once copies first, then runs upgrade-db on the copy: the source database is "
            + "never modified (rolling back only points the hub at it again), and the copy is made at the source's "
            + "release, whose schema the console knows exactly on every engine. Upgrading first would change the "
            + "source and make a rollback depend on restoring the backup.";

    /** How the engine change is combined with the release's schema upgrade. */
    enum Mode {
        /** This run changes the engine at the installed release; a second run upgrades the schema. */
        MULTI_STEP("multi-step"),
        /** This run copies, then upgrades the copy to the installed release's schema. */
        ALL_AT_ONCE("all-at-once");

        private final String slug;

        Mode(String slug) {
            this.slug = slug;
        }

        String slug() {
            return slug;
        }
    }

    /** Checks the invariants. */
    EngineChange {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(onViolation, "onViolation");
    }

    /**
     * The engine change the input asks for, if any.
     *
     * @throws StepFailure when the URL or the mode is not valid (one line naming the fix)
     */
    static Optional<EngineChange> from(StepInput input, Path workDir) {
        Optional<String> url = input.get(TARGET);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        DbUrl target;
        try {
            target = DbUrl.parse(url.get(), workDir);
        } catch (InvalidDbUrlException e) {
            throw new StepFailure("The target database URL is not valid: " + e.getMessage());
        }
        String given = input.get(MODE).orElse(Mode.MULTI_STEP.slug()).toLowerCase(Locale.ROOT);
        Mode mode = null;
        for (Mode m : Mode.values()) {
            if (m.slug().equals(given) || m.name().equalsIgnoreCase(given)) {
                mode = m;
            }
        }
        if (mode == null) {
            throw new StepFailure("Unknown engine change mode '" + given + "': use multi-step or all-at-once");
        }
        String violation = input.get(ON_VIOLATION).orElse("stop").toUpperCase(Locale.ROOT);
        CopyOptions.OnViolation onViolation;
        try {
            onViolation = CopyOptions.OnViolation.valueOf(violation);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("Unknown choice for rows the target would reject '" + violation.toLowerCase(
                    Locale.ROOT) + "': use stop, skip or truncate");
        }
        return Optional.of(new EngineChange(target, mode, input.flag(REPLACE_TARGET), input.flag(KEEP_LEFTOVERS),
                input.flag(WRITE_CONFIG), onViolation));
    }

    /** The copy's options. */
    CopyOptions copyOptions() {
        return new CopyOptions(replaceTarget, keepLeftovers, 0, onViolation);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "EngineChange[" + target.display() + ", " + mode.slug() + ", replaceTarget=" + replaceTarget
                + ", keepLeftovers=" + keepLeftovers + ", writeConfig=" + writeConfig + ", onViolation=" + onViolation
                + "]";
    }
}
