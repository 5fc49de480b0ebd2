package dev.hubconsole.security;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** What the account pages and the API may do with accounts and personal API tokens. */
@Service
public class AccountManagement {

    static final int MIN_PASSWORD_LENGTH = 12;
    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._-]{1,100}");
    private final Accounts accounts;
    private final ApiTokens tokens;
    private final PasswordEncoder encoder;

    AccountManagement(Accounts accounts, ApiTokens tokens, PasswordEncoder encoder) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.encoder = encoder;
    }

    /** Changes the caller's own password after checking the current one. */
    public void changePassword(String username, String currentPassword, String newPassword) {
        Account account = accounts.findByUsername(username)
                .orElseThrow(() -> new AccountException("No account " + username + "; log in again"));
        if (currentPassword == null || !encoder.matches(currentPassword, account.passwordHash())) {
            throw new AccountException("The current password is wrong; type the password you logged in with");
        }
        checkStrength(newPassword);
        if (encoder.matches(newPassword, account.passwordHash())) {
            throw new AccountException("The new password is the same as the current one; choose another");
        }
        accounts.changePassword(username, encoder.encode(newPassword));
    }

    /** Creates an account that must change its password at first login. */
    public void createAccount(String username, String initialPassword, Role role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new AccountException("Username must be 1-100 letters, digits, dots, dashes or underscores");
        }
        if (accounts.findByUsername(username).isPresent()) {
            throw new AccountException("An account named " + username + " exists already; choose another name");
        }
        checkStrength(initialPassword);
        accounts.create(username, encoder.encode(initialPassword), role, true);
    }

    /** All accounts. */
    public List<AccountSummary> accounts() {
        return accounts.all().stream()
                .map(a -> new AccountSummary(a.username(), a.role(), a.mustChangePassword()))
                .toList();
    }

    /** Creates a personal API token and returns it; it cannot be shown again. */
    public String createToken(String username, String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new AccountException("Give the token a name of 1-100 characters (what will use it?)");
        }
        return tokens.create(username, name.strip());
    }

    /** The caller's tokens, without the secrets. */
    public List<ApiTokenInfo> tokens(String username) {
        return tokens.list(username);
    }

    /** Revokes one of the caller's tokens. */
    public void revokeToken(String username, long id) {
        if (!tokens.revoke(username, id)) {
            throw new AccountException("No token " + id + " of yours; reload the account page");
        }
    }

    private static void checkStrength(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new AccountException("The password needs at least " + MIN_PASSWORD_LENGTH
                    + " characters; choose a longer one");
        }
    }
}
