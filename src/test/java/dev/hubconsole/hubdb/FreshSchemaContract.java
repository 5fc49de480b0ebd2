package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transcribed 3.0 schema equals what the real JupyterHub 3.0 creates, read back live, on every engine. The only
 * normalisation is the engine rendering of {@link SchemaCatalog#at} (documented there): names SQLite does not keep,
 * MySQL's PRIMARY and implicit foreign-key indexes, and how each engine spells an Enum.
 */
abstract class FreshSchemaContract {

    @TempDir
    Path tempDir;

    abstract Engine engine();

    abstract HubDb createHubDatabase(Path dir);

    @Test
    void transcribedSchemaEqualsWhatJupyterHub30Creates() throws Exception {
        ExpectedSchema expected = SchemaCatalog.standard().at(RealHubDatabases.JUPYTERHUB_30_HEAD, engine())
                .orElseThrow();

        try (HubDb hub = createHubDatabase(tempDir);
                Connection c = new HubDatabases().openReadOnly(hub.url())) {
            List<TableDef> live = new LiveSchemaReader().read(c);

            assertThat(expected.differences(live)).isEmpty();
            assertThat(live).extracting(TableDef::name)
                    .containsExactlyElementsOf(expected.tables().stream().map(TableDef::name).toList());
            for (TableDef table : expected.tables()) {
                TableDef actual = live.stream().filter(t -> t.name().equals(table.name())).findFirst().orElseThrow();
                assertThat(actual.columns()).as(table.name()).containsExactlyElementsOf(table.columns());
            }
        }
    }

    @Test
    void noticesDriftFromTheFreshSchema() throws Exception {
        ExpectedSchema expected = SchemaCatalog.standard().at(RealHubDatabases.JUPYTERHUB_30_HEAD, engine())
                .orElseThrow();
        try (HubDb hub = createHubDatabase(tempDir)) {
            try (Connection c = new HubDatabases().openForWrite(hub.url()); var s = c.createStatement()) {
                s.execute("CREATE TABLE hc_extra (id INTEGER PRIMARY KEY)");
                s.execute("CREATE INDEX ix_users_last_activity ON users (last_activity)");
            }
            try (Connection c = new HubDatabases().openReadOnly(hub.url())) {
                assertThat(expected.differences(new LiveSchemaReader().read(c))).containsExactlyInAnyOrder(
                        "users index IndexDef[name=ix_users_last_activity, columns=[last_activity], unique=false] "
                                + "is not JupyterHub's",
                        "table hc_extra is not JupyterHub's");
            }
        }
    }
}
