package dev.hubconsole.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * On first start, when no account exists, creates {@code admin} with a random password, prints it once to the
 * log and writes it to {@code <data-dir>/initial-admin-password} (0600); the first login must change it.
 */
@Component
class InitialAdmin implements ApplicationRunner {

    static final String USERNAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);
    private final Accounts accounts;
    private final PasswordEncoder encoder;
    private final SecurityProperties properties;

    InitialAdmin(Accounts accounts, PasswordEncoder encoder, SecurityProperties properties) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.count() > 0) {
            return;
        }
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        accounts.create(USERNAME, encoder.encode(password), Role.ADMIN, true);
        Path file = properties.dataPath().resolve("initial-admin-password");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.writeString(file, password + System.lineSeparator(), StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        log.warn("""

                *************************************************************
                Hub Upgrade Console: created the account 'admin'.
                Initial password: {}
                (also in {}; you will be asked to change it at first login)
                *************************************************************""", password, file);
    }
}
