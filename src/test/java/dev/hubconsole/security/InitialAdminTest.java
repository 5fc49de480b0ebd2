package dev.hubconsole.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.sqlite.SQLiteDataSource;

/** The first-start admin account, against a freshly migrated SQLite console database per test. */
class InitialAdminTest {

    @TempDir
    Path dir;
    Accounts accounts;
    BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);

    @BeforeEach
    void freshConsoleDatabase() {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("console.sqlite"));
        migrate(ds);
        accounts = new Accounts(JdbcClient.create(ds), Clock.systemUTC());
    }

    @Test
    void createsExactlyOneAdminWithAGeneratedPasswordInAnOwnerOnlyFile() throws Exception {
        Path dataDir = dir.resolve("data");
        new InitialAdmin(accounts, encoder, new SecurityProperties(dataDir.toString(), null)).run(null);

        Path file = dataDir.resolve("initial-admin-password");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String password = Files.readString(file).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(accounts.all()).singleElement().satisfies(a -> {
            assertThat(a.username()).isEqualTo("admin");
            assertThat(a.role()).isEqualTo(Role.ADMIN);
            assertThat(a.mustChangePassword()).isTrue();
            assertThat(encoder.matches(password, a.passwordHash())).isTrue();
        });
    }

    @Test
    void aSecondStartCreatesNothingAndKeepsTheFile() throws Exception {
        SecurityProperties properties = new SecurityProperties(dir.resolve("data").toString(), null);
        new InitialAdmin(accounts, encoder, properties).run(null);
        Path file = properties.dataPath().resolve("initial-admin-password");
        String first = Files.readString(file);

        new InitialAdmin(accounts, encoder, properties).run(null);

        assertThat(accounts.count()).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo(first);
    }

    @Test
    void doesNothingWhenAnyAccountExistsAlready() {
        accounts.create("someone", encoder.encode("whatever password"), Role.VIEWER, false);
        Path dataDir = dir.resolve("data");

        new InitialAdmin(accounts, encoder, new SecurityProperties(dataDir.toString(), null)).run(null);

        assertThat(accounts.all()).extracting(Account::username).containsExactly("someone");
        assertThat(dataDir.resolve("initial-admin-password")).doesNotExist();
    }

    /** The console's migrations as ConsoleDatabaseConfig configures them for SQLite. */
    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .placeholders(Map.of("autoid", "INTEGER PRIMARY KEY AUTOINCREMENT"))
                .load().migrate();
    }
}
