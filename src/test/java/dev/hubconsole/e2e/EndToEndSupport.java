package dev.hubconsole.e2e;

import dev.hubconsole.testsupport.ConsoleDataDir;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console as a real server on a random port, with its own database and data folder in a temp directory;
 * shared by the end-to-end tests (same configuration, so one Spring context serves them all).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class EndToEndSupport {

    static final Path DATA = ConsoleDataDir.create("hc-e2e-console-");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void consoleDatabase(DynamicPropertyRegistry registry) {
        ConsoleDataDir.register(registry, DATA);
        registry.add("console.wizard.restart-wait", () -> "120s");
        registry.add("console.wizard.shutdown-wait", () -> "60s");
    }

    String base() {
        return "http://localhost:" + port;
    }

    static String initialAdminPassword() throws IOException {
        return Files.readString(DATA.resolve("initial-admin-password")).strip();
    }

    /** GET on the hub's REST API with its admin token (HTTP/1.1: the hub's proxy does not speak h2c). */
    static HttpResponse<String> hubGet(URI url, String token) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(url).header("Authorization", "token " + token)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
