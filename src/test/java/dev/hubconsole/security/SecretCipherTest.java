package dev.hubconsole.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-GCM encryption of hub secrets at rest, with a generated key file or a configured key. */
class SecretCipherTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsASecretWithoutItsPlaintextInTheCiphertext() {
        SecretCipher cipher = new SecretCipher(new SecurityProperties(dir.toString(), null));
        String secret = "postgresql://hub:s3cr3t-P@ss@db/jupyterhub";

        String stored = cipher.encrypt(secret);

        assertThat(stored).startsWith("v1:").doesNotContain("s3cr3t").doesNotContain("jupyterhub");
        assertThat(cipher.decrypt(stored)).isEqualTo(secret);
        assertThat(cipher.encrypt(secret)).as("a fresh IV each time").isNotEqualTo(stored);
    }

    @Test
    void generatesAnOwnerOnlyKeyFileOnceAndReusesIt() throws Exception {
        String stored = new SecretCipher(new SecurityProperties(dir.toString(), null)).encrypt("token-123");
        Path keyFile = dir.resolve("secret.key");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);

        SecretCipher restarted = new SecretCipher(new SecurityProperties(dir.toString(), null));
        assertThat(restarted.decrypt(stored)).isEqualTo("token-123");
    }

    @Test
    void aDifferentKeyFailsWithAClearMessageInsteadOfGarbage() {
        String stored = new SecretCipher(new SecurityProperties(dir.resolve("a").toString(), null)).encrypt("tok");
        SecretCipher other = new SecretCipher(new SecurityProperties(dir.resolve("b").toString(), null));

        assertThatThrownBy(() -> other.decrypt(stored)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret key changed").hasMessageNotContaining("tok");
        assertThatThrownBy(() -> other.decrypt("plaintext-token"))
                .hasMessageContaining("not in the expected encrypted form");
    }

    @Test
    void aConfiguredKeyIsUsedAndNoKeyFileIsWritten() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String base64 = Base64.getEncoder().encodeToString(key);
        String stored = new SecretCipher(new SecurityProperties(dir.toString(), base64)).encrypt("abc");

        assertThat(new SecretCipher(new SecurityProperties(dir.resolve("elsewhere").toString(), base64))
                .decrypt(stored)).isEqualTo("abc");
        assertThat(dir.resolve("secret.key")).doesNotExist();
        assertThat(new SecurityProperties(dir.toString(), base64).toString()).doesNotContain(base64);
    }

    @Test
    void aConfiguredKeyOfTheWrongLengthIsRefusedWithTheFix() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new SecretCipher(new SecurityProperties(dir.toString(), shortKey)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes")
                .hasMessageContaining("openssl rand -base64 32");
    }
}
