package dev.hubconsole.security;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code console.security}.
 *
 * @param dataDir   where the generated key file and the initial admin password are written
 * @param secretKey base64 AES-256 key for hub secrets; when blank a key file {@code secret.key} (0600) is
 *                  generated in {@code dataDir}
 */
@Validated
@ConfigurationProperties("console.security")
record SecurityProperties(@NotBlank String dataDir, String secretKey) {

    SecurityProperties {
        if (dataDir == null || dataDir.isBlank()) {
            dataDir = "./data";
        }
    }

    Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return "SecurityProperties[dataDir=" + dataDir + ", secretKey=" + (secretKey == null ? "generated" : "***")
                + "]";
    }
}
