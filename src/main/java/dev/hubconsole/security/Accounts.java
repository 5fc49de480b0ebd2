package dev.hubconsole.security;

import dev.hubconsole.shared.Times;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The console's accounts, stored in its own database. */
@Repository
class Accounts {

    private final JdbcClient jdbc;
    private final Clock clock;

    Accounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Account> findByUsername(String username) {
        return jdbc.sql("SELECT id, username, password_hash, role, must_change_password FROM accounts "
                        + "WHERE username = :u")
                .param("u", username)
                .query((rs, n) -> new Account(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Role.valueOf(rs.getString(4)), rs.getBoolean(5)))
                .optional();
    }

    List<Account> all() {
        return jdbc.sql("SELECT id, username, password_hash, role, must_change_password FROM accounts ORDER BY username")
                .query((rs, n) -> new Account(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Role.valueOf(rs.getString(4)), rs.getBoolean(5)))
                .list();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single();
    }

    void create(String username, String passwordHash, Role role, boolean mustChangePassword) {
        jdbc.sql("INSERT INTO accounts (username, password_hash, role, must_change_password, created_at) "
                        + "VALUES (:u, :h, :r, :m, :c)")
                .param("u", username).param("h", passwordHash).param("r", role.name())
                .param("m", mustChangePassword).param("c", Times.format(clock.instant()))
                .update();
    }

    void changePassword(String username, String passwordHash) {
        jdbc.sql("UPDATE accounts SET password_hash = :h, must_change_password = :f WHERE username = :u")
                .param("h", passwordHash).param("f", false).param("u", username)
                .update();
    }
}
