package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerDatabaseTest {

    @Test
    void readsHostPortDatabaseAndUserFromTheUrl() {
        ServerDatabase db = ServerDatabase.of("jdbc:postgresql://db.example:6543/jupyter%20hub?user=hub&password=s3cret");

        assertThat(db.engine()).isEqualTo("postgresql");
        assertThat(db.host()).isEqualTo("db.example");
        assertThat(db.port()).isEqualTo(6543);
        assertThat(db.databaseName()).isEqualTo("jupyter hub");
        assertThat(db.effectiveUser()).isEqualTo("hub");
        assertThat(db.effectivePassword()).isEqualTo("s3cret");
        assertThat(ServerDatabase.of("jdbc:mariadb://h/jupyterhub").port()).isEqualTo(3306);
        assertThat(ServerDatabase.of("jdbc:mysql://h/jupyterhub").engine()).isEqualTo("mariadb");
    }

    @Test
    void neverShowsThePassword() {
        ServerDatabase inUrl = ServerDatabase.of("jdbc:postgresql://h:5432/hub?user=hub&password=s3cret");
        ServerDatabase inField = new ServerDatabase("jdbc:mariadb://h:3306/hub", "hub", "s3cret");

        assertThat(inUrl.toString()).doesNotContain("s3cret").contains("****");
        assertThat(inUrl.describe()).isEqualTo("jdbc:postgresql://h:5432/hub as hub");
        assertThat(inField.toString()).doesNotContain("s3cret");
        assertThat(inField.describe()).isEqualTo("jdbc:mariadb://h:3306/hub as hub");
    }

    @Test
    void rejectsUrlsOfOtherEnginesOrWithoutDatabase() {
        assertThatThrownBy(() -> ServerDatabase.of("jdbc:sqlite:/srv/jupyterhub.sqlite"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with");
        assertThatThrownBy(() -> ServerDatabase.of("jdbc:postgresql://h:5432/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one database");
    }
}
