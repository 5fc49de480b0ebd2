package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.DatabaseUnavailableException.Reason;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MariaDbHubDatabasesTest extends HubDatabasesContract {

    @Override
    HubDb createHubDatabase(Path dir) {
        return RealHubDatabases.mariadb();
    }

    @Test
    void reportsAnUnreachableServerInOneLine() {
        DbUrl url = DbUrl.parse("mysql+pymysql://hub:secret@127.0.0.1:1/jupyterhub", null);

        assertThatThrownBy(() -> databases.openReadOnly(url)).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("secret").hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((DatabaseUnavailableException) e).reason()).isEqualTo(Reason.UNREACHABLE));
    }

    @Test
    void reportsARefusedLogin() {
        DbUrl url = DbUrl.parse("mysql+pymysql://hc_no_such_user:secret@" + hub.url().host() + ":"
                + hub.url().port() + "/" + hub.url().database(), null);

        assertThatThrownBy(() -> databases.openReadOnly(url)).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("hc_no_such_user").hasMessageNotContaining("secret")
                .satisfies(e -> assertThat(((DatabaseUnavailableException) e).reason()).isEqualTo(Reason.UNAUTHORISED));
    }
}
