package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DbUrlTest {

    private static final Path WORK_DIR = Path.of("/srv/jupyterhub");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            sqlite:///jupyterhub.sqlite                                     | SQLITE     | jdbc:sqlite:/srv/jupyterhub/jupyterhub.sqlite         | -    | -
            sqlite:///data/../jupyterhub.sqlite                             | SQLITE     | jdbc:sqlite:/srv/jupyterhub/jupyterhub.sqlite         | -    | -
            sqlite:////var/lib/jupyterhub/jupyterhub.sqlite                 | SQLITE     | jdbc:sqlite:/var/lib/jupyterhub/jupyterhub.sqlite     | -    | -
            sqlite+pysqlite:///hub.db                                       | SQLITE     | jdbc:sqlite:/srv/jupyterhub/hub.db                    | -    | -
            postgresql://hub:secret@db.example.org:5432/jupyterhub          | POSTGRESQL | jdbc:postgresql://db.example.org:5432/jupyterhub      | hub  | secret
            postgresql+psycopg2://hub:secret@db.example.org/jupyterhub      | POSTGRESQL | jdbc:postgresql://db.example.org:5432/jupyterhub      | hub  | secret
            postgres://hub:secret@db/jupyterhub                             | POSTGRESQL | jdbc:postgresql://db:5432/jupyterhub                  | hub  | secret
            postgresql://hub:p%40ss%3Aw%2Fd%25@db:6543/jupyterhub           | POSTGRESQL | jdbc:postgresql://db:6543/jupyterhub                  | hub  | p@ss:w/d%
            postgresql://j%C3%BCrgen:a+b@db/jupyterhub                      | POSTGRESQL | jdbc:postgresql://db:5432/jupyterhub                  | jürgen | a+b
            postgresql://hub@[::1]:5432/jupyterhub                          | POSTGRESQL | jdbc:postgresql://[::1]:5432/jupyterhub               | hub  | -
            postgresql://hub:secret@[2001:db8::5]/jupyterhub?sslmode=require | POSTGRESQL | jdbc:postgresql://[2001:db8::5]:5432/jupyterhub      | hub  | secret
            postgresql://hub:5432@db/jupyterhub                             | POSTGRESQL | jdbc:postgresql://db:5432/jupyterhub                  | hub  | 5432
            postgresql://hub:db@db/jupyterhub                               | POSTGRESQL | jdbc:postgresql://db:5432/jupyterhub                  | hub  | db
            postgresql:///jupyterhub                                        | POSTGRESQL | jdbc:postgresql://localhost:5432/jupyterhub           | -    | -
            mysql+pymysql://hub:secret@db/jupyterhub?charset=utf8mb4        | MYSQL      | jdbc:mariadb://db:3306/jupyterhub                     | hub  | secret
            mysql+mysqldb://hub:secret@db:3307/jupyterhub                   | MYSQL      | jdbc:mariadb://db:3307/jupyterhub                     | hub  | secret
            mysql+mysqlconnector://hub:secret@db/jupyterhub                 | MYSQL      | jdbc:mariadb://db:3306/jupyterhub                     | hub  | secret
            mariadb+mariadbconnector://hub:secret@db/jupyterhub             | MYSQL      | jdbc:mariadb://db:3306/jupyterhub                     | hub  | secret
            mariadb+pymysql://root@127.0.0.1/jupyterhub?charset=utf8mb4     | MYSQL      | jdbc:mariadb://127.0.0.1:3306/jupyterhub              | root | -
            jdbc:sqlite:/var/lib/jupyterhub/jupyterhub.sqlite               | SQLITE     | jdbc:sqlite:/var/lib/jupyterhub/jupyterhub.sqlite     | -    | -
            jdbc:sqlite:relative.sqlite                                     | SQLITE     | jdbc:sqlite:/srv/jupyterhub/relative.sqlite           | -    | -
            jdbc:postgresql://db:5432/jupyterhub?user=hub&password=secret   | POSTGRESQL | jdbc:postgresql://db:5432/jupyterhub                  | hub  | secret
            jdbc:postgresql://db/jupyterhub                                 | POSTGRESQL | jdbc:postgresql://db:5432/jupyterhub                  | -    | -
            jdbc:mariadb://db:3306/jupyterhub?user=root                     | MYSQL      | jdbc:mariadb://db:3306/jupyterhub                     | root | -
            jdbc:mysql://db/jupyterhub?user=hub&password=secret             | MYSQL      | jdbc:mariadb://db:3306/jupyterhub                     | hub  | secret
            """)
    void parsesEveryFormAdminsWrite(String raw, Engine engine, String jdbcUrl, String user, String password) {
        DbUrl url = DbUrl.parse(raw, WORK_DIR);

        assertThat(url.engine()).isEqualTo(engine);
        assertThat(url.jdbcUrl()).isEqualTo(jdbcUrl);
        assertThat(url.username()).isEqualTo(user);
        assertThat(url.password()).isEqualTo(password);
        assertThat(url.original()).isEqualTo(raw);
        if (engine == Engine.SQLITE) {
            assertThat(url.sqliteFile()).isEqualTo(Path.of(jdbcUrl.substring("jdbc:sqlite:".length())));
        }
        DbUrl again = DbUrl.parse(url.sqlalchemyUrl(), WORK_DIR);
        assertThat(again.jdbcUrl()).isEqualTo(jdbcUrl);
        assertThat(again.username()).isEqualTo(user);
        assertThat(again.password()).isEqualTo(password);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            sqlite://                                          | in-memory SQLite database
            sqlite:///:memory:                                 | in-memory SQLite database
            jdbc:sqlite::memory:                               | is not a SQLite database file
            jdbc:sqlite:                                       | is not a SQLite database file
            sqlite+pysqlcipher://:key@/hub.db                  | SQLCipher-encrypted
            sqlite://somehost/hub.db                           | A SQLite URL has no user or host
            oracle://hub:secret@db/xe                          | Unsupported database scheme 'oracle'
            mongodb+srv://hub:secret@cluster/jupyterhub        | Unsupported database scheme 'mongodb+srv'
            jdbc:oracle:thin:@db:1521:xe                       | Unsupported JDBC URL 'jdbc:oracle:…'
            jupyterhub.sqlite                                  | has no scheme://
            postgresql://hub:secret@db:notaport/jupyterhub     | is not a number from 1 to 65535
            postgresql://hub:secret@db:70000/jupyterhub        | is not a number from 1 to 65535
            postgresql://hub:se@cret@db/jupyterhub             | contains @
            postgresql://hub:secret@db                         | names no database
            mysql+pymysql://hub:secret@db/                     | names no database
            jdbc:postgresql://h1:5432,h2:5432/jupyterhub       | must name exactly one host
            jdbc:mariadb:db                                    | is not of the form
            postgresql://hub:sec%zzret@db/jupyterhub           | broken percent-escape
            """)
    void rejectsWithOneLineNamingProblemAndFix(String raw, String expected) {
        assertThatThrownBy(() -> DbUrl.parse(raw, WORK_DIR))
                .isInstanceOf(InvalidDbUrlException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("secret").doesNotContain("cret");
                    assertThat(e.getMessage()).containsAnyOf(": ", "use ", "write ");
                });
    }

    @Test
    void rejectsEmptyUrl() {
        assertThatThrownBy(() -> DbUrl.parse(" ", WORK_DIR)).isInstanceOf(InvalidDbUrlException.class)
                .hasMessageContaining("empty").hasMessageContaining("c.JupyterHub.db_url");
        assertThatThrownBy(() -> DbUrl.parse(null, WORK_DIR)).isInstanceOf(InvalidDbUrlException.class);
    }

    @Test
    void relativeSqlitePathNeedsTheWorkingDirectory() {
        assertThatThrownBy(() -> DbUrl.parse("sqlite:///jupyterhub.sqlite", null))
                .isInstanceOf(InvalidDbUrlException.class).hasMessageContaining("working directory");
        assertThat(DbUrl.parse("sqlite:////abs/hub.sqlite", null).sqliteFile()).isEqualTo(Path.of("/abs/hub.sqlite"));
    }

    @Test
    void masksThePasswordInToStringAndDisplay() {
        DbUrl url = DbUrl.parse("postgresql+psycopg2://hub:s3cr%40t@db:5432/jupyterhub?sslmode=require&password=x2",
                WORK_DIR);

        assertThat(url.toString()).contains("***").doesNotContain("s3cr").doesNotContain("x2");
        assertThat(url.display()).isEqualTo(
                "postgresql+psycopg2://hub:***@db:5432/jupyterhub?sslmode=require&password=***");
        assertThat(url.jdbcUrl()).doesNotContain("s3cr");
    }

    @Test
    void rendersJupyterHubsFormBack() {
        assertThat(DbUrl.parse("postgres://hub:p%40ss@db/jupyterhub", WORK_DIR).sqlalchemyUrl())
                .isEqualTo("postgresql://hub:p%40ss@db:5432/jupyterhub");
        assertThat(DbUrl.parse("jdbc:mysql://db/jupyterhub?user=hub&password=pw", WORK_DIR).sqlalchemyUrl())
                .isEqualTo("mysql+pymysql://hub:pw@db:3306/jupyterhub?charset=utf8mb4");
        assertThat(DbUrl.parse("jdbc:postgresql://[::1]/hub?user=u&sslmode=verify-full&tcpKeepAlive=true", WORK_DIR)
                .sqlalchemyUrl()).isEqualTo("postgresql://u@[::1]:5432/hub?sslmode=verify-full");
        assertThat(DbUrl.parse("sqlite:///jupyterhub.sqlite", WORK_DIR).sqlalchemyUrl())
                .isEqualTo("sqlite:////srv/jupyterhub/jupyterhub.sqlite");
        assertThat(DbUrl.parse("mysql+pymysql://hub:pw@db/jupyterhub?charset=utf8mb4", WORK_DIR).sqlalchemyUrl())
                .isEqualTo("mysql+pymysql://hub:pw@db:3306/jupyterhub?charset=utf8mb4");
    }

    @Test
    void mapsQueryParametersToJdbcPropertiesAndReportsTheRest() {
        DbUrl pg = DbUrl.parse("postgresql://hub:pw@db/jupyterhub?sslmode=require&application_name=hub"
                + "&connect_timeout=30&keepalives=1", WORK_DIR);
        assertThat(pg.params()).containsKeys("sslmode", "application_name", "connect_timeout", "keepalives");
        assertThat(pg.jdbcProperties()).containsEntry("sslmode", "require").containsEntry("ApplicationName", "hub")
                .containsEntry("connectTimeout", "30").containsEntry("user", "hub").containsEntry("password", "pw")
                .doesNotContainKey("keepalives");
        assertThat(pg.notes()).singleElement().asString().contains("'keepalives'");

        DbUrl my = DbUrl.parse("mysql+mysqldb://hub:pw@db/jupyterhub?charset=utf8mb4&ssl_mode=VERIFY_IDENTITY"
                + "&ssl_ca=/etc/ca.pem&init_command=SET x=1", WORK_DIR);
        assertThat(my.jdbcProperties()).containsEntry("sslMode", "verify-full")
                .containsEntry("serverSslCert", "/etc/ca.pem").doesNotContainKey("charset");
        assertThat(my.notes()).singleElement().asString().contains("'init_command'");

        assertThat(DbUrl.parse("mysql+pymysql://h:p@db/j?charset=latin1", WORK_DIR).notes())
                .singleElement().asString().contains("'charset'");
        assertThat(DbUrl.parse("postgresql:///jupyterhub", WORK_DIR).notes())
                .singleElement().asString().contains("Unix socket");
    }

    @Test
    void takesCredentialsFromQueryParametersWhenTheUserInfoHasNone() {
        DbUrl url = DbUrl.parse("postgresql://db/jupyterhub?user=hub&password=qp", WORK_DIR);
        assertThat(url.jdbcProperties()).containsEntry("user", "hub").containsEntry("password", "qp");
        assertThat(url.notes()).isEmpty();
        assertThat(url.display()).doesNotContain("qp");
        assertThat(DbUrl.parse("mysql+pymysql://u:pw@db/j?password=other", WORK_DIR).jdbcProperties())
                .containsEntry("password", "pw");
    }

    @Test
    void tellsMariaDbApartWhereTheUrlSaysSo() {
        assertThat(DbUrl.parse("mariadb+pymysql://u@db/j", WORK_DIR).mariaDb()).isTrue();
        assertThat(DbUrl.parse("jdbc:mariadb://db/j", WORK_DIR).mariaDb()).isTrue();
        assertThat(DbUrl.parse("mysql+pymysql://u@db/j", WORK_DIR).mariaDb()).isFalse();
        assertThat(DbUrl.parse("jdbc:mysql://db/j", WORK_DIR).mariaDb()).isFalse();
    }
}
