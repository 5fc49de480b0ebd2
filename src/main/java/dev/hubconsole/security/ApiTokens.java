package dev.hubconsole.security;

import dev.hubconsole.shared.Times;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Personal API tokens: shown once at creation, stored only as a SHA-256 hash. */
@Repository
class ApiTokens {

    static final String TOKEN_PREFIX = "hc_";
    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates a token for the account and returns the raw token, which is never retrievable again. */
    String create(String username, String name) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("INSERT INTO api_tokens (account_id, name, token_hash, prefix, created_at) "
                        + "SELECT id, :n, :h, :p, :c FROM accounts WHERE username = :u")
                .param("n", name).param("h", hash(token)).param("p", token.substring(0, 8))
                .param("c", Times.format(clock.instant())).param("u", username)
                .update();
        return token;
    }

    List<ApiTokenInfo> list(String username) {
        return jdbc.sql("SELECT t.id, t.name, t.prefix, t.created_at, t.last_used_at FROM api_tokens t "
                        + "JOIN accounts a ON a.id = t.account_id WHERE a.username = :u ORDER BY t.id")
                .param("u", username)
                .query((rs, n) -> new ApiTokenInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    boolean revoke(String username, long id) {
        return jdbc.sql("DELETE FROM api_tokens WHERE id = :id AND account_id = "
                        + "(SELECT id FROM accounts WHERE username = :u)")
                .param("id", id).param("u", username).update() == 1;
    }

    /** The account a raw token belongs to, recording its use. */
    Optional<Account> authenticate(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String hash = hash(token);
        Optional<Account> account = jdbc.sql("SELECT a.id, a.username, a.password_hash, a.role, a.must_change_password "
                        + "FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = :h")
                .param("h", hash)
                .query((rs, n) -> new Account(rs.getLong(1), rs.getString(2), rs.getString(3),
                        Role.valueOf(rs.getString(4)), rs.getBoolean(5)))
                .optional();
        account.ifPresent(a -> jdbc.sql("UPDATE api_tokens SET last_used_at = :t WHERE token_hash = :h")
                .param("t", Times.format(clock.instant())).param("h", hash).update());
        return account;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
