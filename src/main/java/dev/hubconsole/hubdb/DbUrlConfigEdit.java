package dev.hubconsole.hubdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Points a {@code jupyterhub_config.py} at another database: the one plain single-line {@code c.JupyterHub.db_url}
 * assignment is commented out and the new one written in its place; otherwise (not set, read from the environment,
 * or computed) the new assignment is appended at the end, where Python's last assignment wins. The edit is checked
 * by reading the new text back ({@link HubConfigFile}) before anything is written, and written atomically (a
 * temporary file in the same folder, with the original's permissions, then a rename).
 *
 * @param file        the configuration file
 * @param newText     the file's text after the edit (holds the target's password when it has one)
 * @param line        the 1-based line that was replaced, or 0 when the assignment was appended
 * @param description one line for the log and the audit trail (no password)
 */
public record DbUrlConfigEdit(Path file, String newText, int line, String description) {

    /** Checks the invariants. */
    public DbUrlConfigEdit {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(newText, "newText");
        Objects.requireNonNull(description, "description");
    }

    /** The assignment line for a URL, as it goes into the file (contains the password). */
    public static String assignment(DbUrl target) {
        return "c.JupyterHub.db_url = " + pythonString(target.sqlalchemyUrl());
    }

    /** The assignment line with the password masked, safe to show. */
    public static String maskedAssignment(DbUrl target) {
        return "c.JupyterHub.db_url = " + pythonString(target.display());
    }

    /**
     * Plans the edit without writing: reads the file and prepares its new text.
     *
     * @param note why, written as a comment above the new line (e.g. the run that made the change)
     * @throws ConfigFileUnreadableException when the file cannot be read
     * @throws IllegalStateException         when the edited text would not give the target URL
     */
    public static DbUrlConfigEdit plan(Path file, DbUrl target, String note) {
        HubConfigFile config = HubConfigFile.read(file);
        String text = config.text();
        DbUrlSetting setting = config.dbUrl();
        String comment = "# " + note.replaceAll("\\R", " ");
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int replaced = 0;
        if (setting.source() == DbUrlSetting.Source.LITERAL && setting.line() > 0 && setting.line() <= lines.size()) {
            String old = lines.get(setting.line() - 1);
            if (old.startsWith("c.JupyterHub.db_url")
                    && HubConfigFile.of(old).dbUrl().source() == DbUrlSetting.Source.LITERAL) {
                lines.set(setting.line() - 1, "# " + old + "  # replaced by the line below");
                lines.add(setting.line(), assignment(target));
                lines.add(setting.line(), comment);
                replaced = setting.line();
            }
        }
        String newText;
        if (replaced == 0) {
            StringBuilder out = new StringBuilder(text);
            if (!text.isEmpty() && !text.endsWith("\n")) {
                out.append('\n');
            }
            out.append(comment).append('\n').append(assignment(target)).append('\n');
            newText = out.toString();
        } else {
            newText = String.join("\n", lines);
        }
        DbUrlSetting after = HubConfigFile.of(newText).dbUrl();
        boolean literal = after.source() == DbUrlSetting.Source.LITERAL
                && after.url().map(target.sqlalchemyUrl()::equals).orElse(false);
        boolean lastLine = replaced == 0 && newText.endsWith(assignment(target) + "\n");
        if (!literal && !lastLine) {
            throw new IllegalStateException("The configuration " + file + " would not give the new database URL after "
                    + "the edit (" + after.detail() + "); set c.JupyterHub.db_url yourself");
        }
        String where = replaced > 0 ? "line " + replaced + " replaced (the old assignment is kept as a comment)"
                : "appended at the end (" + setting.detail() + ")";
        return new DbUrlConfigEdit(file, newText, replaced, file + ": c.JupyterHub.db_url set to " + target.display()
                + ", " + where);
    }

    /**
     * Writes the new text atomically, with the original file's permissions.
     *
     * @throws IOException when the folder cannot be written
     */
    public void apply() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                Files.setPosixFilePermissions(temp, view.readAttributes().permissions());
            } else {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temp, newText, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String pythonString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Never shows the new text (it may hold a password). */
    @Override
    public String toString() {
        return "DbUrlConfigEdit[" + description + "]";
    }
}
