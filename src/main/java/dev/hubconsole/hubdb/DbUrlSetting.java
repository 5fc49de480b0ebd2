package dev.hubconsole.hubdb;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code jupyterhub_config.py} says about {@code c.JupyterHub.db_url}, read as text.
 *
 * @param source      how the value is given
 * @param url         the URL the hub would use, when it can be told without running the file (contains the password)
 * @param variable    the environment variable consulted, for {@link Source#ENVIRONMENT}
 * @param variableSet whether that variable is set in this process's environment
 * @param line        the 1-based line of the assignment, or 0 when absent
 * @param detail      one line for the administrator explaining the result (never contains the password)
 */
public record DbUrlSetting(Source source, Optional<String> url, Optional<String> variable, boolean variableSet,
        int line, String detail) {

    /** JupyterHub's default when the configuration does not set {@code db_url}. */
    public static final String DEFAULT_URL = "sqlite:///jupyterhub.sqlite";

    /** How the configuration gives the URL. */
    public enum Source {
        /** Not set: JupyterHub's default {@value DbUrlSetting#DEFAULT_URL}. */
        DEFAULT,
        /** A string literal. */
        LITERAL,
        /** An environment variable ({@code os.environ.get}, {@code os.environ[…]}, {@code os.getenv}). */
        ENVIRONMENT,
        /** An expression the console cannot evaluate without running the file. */
        UNEVALUABLE
    }

    /** Checks the invariants. */
    public DbUrlSetting {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(detail, "detail");
        if (source == Source.UNEVALUABLE && url.isPresent()) {
            throw new IllegalArgumentException("an unevaluable setting has no URL");
        }
        if ((source == Source.ENVIRONMENT) != variable.isPresent()) {
            throw new IllegalArgumentException("a variable is named exactly for environment settings");
        }
    }

    /** The URL parsed against the hub's working directory, when it is known. */
    public Optional<DbUrl> parse(Path workDir) {
        return url.map(u -> DbUrl.parse(u, workDir));
    }

    /** Never shows the URL itself (it may hold a password). */
    @Override
    public String toString() {
        return "DbUrlSetting[source=" + source + ", url=" + (url.isPresent() ? "<set>" : "<none>") + ", variable="
                + variable.orElse("-") + ", variableSet=" + variableSet + ", line=" + line + ", detail=" + detail + "]";
    }
}
