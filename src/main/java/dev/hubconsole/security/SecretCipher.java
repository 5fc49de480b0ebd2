package dev.hubconsole.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts hub secrets (API tokens, database URLs with passwords) at rest with AES-256-GCM. The key comes from
 * {@code console.security.secret-key} or from a key file generated once under the data directory with 0600
 * permissions. Ciphertexts are {@code v1:<base64(iv|ciphertext)>}.
 */
@Component
public class SecretCipher {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(SecurityProperties properties) {
        this.key = new SecretKeySpec(loadKey(properties), "AES");
    }

    /** Encrypts a secret for storage. */
    public String encrypt(String plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a secret: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Decrypts a stored secret; fails clearly when the key is not the one it was encrypted with. */
    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalStateException("Stored secret is not in the expected encrypted form");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot decrypt a stored secret: the console's secret key changed "
                    + "(restore data/secret.key or console.security.secret-key)");
        }
    }

    private static byte[] loadKey(SecurityProperties properties) {
        if (properties.secretKey() != null && !properties.secretKey().isBlank()) {
            byte[] key = Base64.getDecoder().decode(properties.secretKey().strip());
            if (key.length != 32) {
                throw new IllegalStateException("console.security.secret-key must be 32 bytes, base64-encoded "
                        + "(generate one with: openssl rand -base64 32)");
            }
            return key;
        }
        Path file = properties.dataPath().resolve("secret.key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardOpenOption.CREATE_NEW);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key file " + file + ": " + e.getMessage(), e);
        }
    }
}
