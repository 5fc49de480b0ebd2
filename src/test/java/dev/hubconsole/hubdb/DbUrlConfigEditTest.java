package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbUrlConfigEditTest {

    private static final DbUrl TARGET = DbUrl.parse("postgresql://hub:s3cr'et@db.example.org:5432/jupyterhub", null);

    @TempDir
    Path dir;

    @Test
    void replacesThePlainAssignmentInPlaceAndKeepsTheOldOneAsAComment() throws Exception {
        Path file = config("import os\nc.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'\nc.Spawner.args = []\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        DbUrlConfigEdit edit = DbUrlConfigEdit.plan(file, TARGET, "run #7");
        assertThat(Files.readString(file)).as("planning writes nothing").doesNotContain("postgresql");
        edit.apply();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly("import os",
                "# c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'  # replaced by the line below",
                "# run #7", "c.JupyterHub.db_url = 'postgresql://hub:s3cr%27et@db.example.org:5432/jupyterhub'",
                "c.Spawner.args = []");
        assertThat(edit.line()).isEqualTo(2);
        assertThat(HubConfigFile.read(file).dbUrl().url()).contains(TARGET.sqlalchemyUrl());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        assertThat(edit.description()).contains("line 2 replaced").doesNotContain("s3cr");
        assertThat(edit.toString()).doesNotContain("s3cr");
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void appendsWhenTheUrlComesFromTheEnvironmentOrIsNotSet() throws Exception {
        Path env = config("import os\nc.JupyterHub.db_url = os.environ['HUB_DB_URL']");
        DbUrlConfigEdit edit = DbUrlConfigEdit.plan(env, TARGET, "moved");
        edit.apply();
        assertThat(edit.line()).isZero();
        assertThat(Files.readString(env)).startsWith("import os\nc.JupyterHub.db_url = os.environ['HUB_DB_URL']\n# moved\n")
                .endsWith(DbUrlConfigEdit.assignment(TARGET) + "\n");
        assertThat(HubConfigFile.read(env).dbUrl().url()).contains(TARGET.sqlalchemyUrl());

        Path unset = dir.resolve("unset.py");
        Files.writeString(unset, "c.Spawner.args = []\n");
        DbUrlConfigEdit.plan(unset, TARGET, "moved").apply();
        assertThat(HubConfigFile.read(unset).dbUrl().url()).contains(TARGET.sqlalchemyUrl());
    }

    @Test
    void anAssignmentInsideABlockIsOverriddenByOneAppendedAtTheEnd() throws Exception {
        Path file = config("if True:\n    c.JupyterHub.db_url = 'sqlite:///a.sqlite'\n");
        DbUrlConfigEdit.plan(file, TARGET, "moved").apply();
        assertThat(Files.readString(file)).startsWith("if True:\n    c.JupyterHub.db_url = 'sqlite:///a.sqlite'\n")
                .endsWith(DbUrlConfigEdit.assignment(TARGET) + "\n");
    }

    @Test
    void aMissingFileIsAClearErrorAndTheMaskedLineHidesThePassword() {
        assertThatThrownBy(() -> DbUrlConfigEdit.plan(dir.resolve("nope.py"), TARGET, "x"))
                .isInstanceOf(ConfigFileUnreadableException.class).hasMessageContaining("does not exist");
        assertThat(DbUrlConfigEdit.maskedAssignment(TARGET))
                .isEqualTo("c.JupyterHub.db_url = 'postgresql://hub:***@db.example.org:5432/jupyterhub'");
    }

    private Path config(String text) throws Exception {
        Path file = dir.resolve("jupyterhub_config.py");
        Files.writeString(file, text);
        return file;
    }
}
