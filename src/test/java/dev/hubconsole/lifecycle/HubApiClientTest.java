package dev.hubconsole.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the client does when nothing answers, and how it builds URLs; the real hub is in RealHubLifecycleTest. */
class HubApiClientTest {

    private final HubApiClient api = new HubApiClient(Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void reportsAHubThatDoesNotAnswerAsUnreachableWithoutRevealingTheToken() throws IOException {
        URI apiUrl = URI.create("http://127.0.0.1:" + closedPort() + "/hub/api");
        String token = "secret-token-4711";

        assertThat(api.version(apiUrl)).isEmpty();
        assertThat(api.healthy(URI.create("http://127.0.0.1:" + closedPort()))).isFalse();
        TokenCheck check = api.checkToken(apiUrl, token);
        assertThat(check.outcome()).isEqualTo(TokenCheck.Outcome.UNREACHABLE);
        assertThat(check.message()).contains("not reachable: connection refused").doesNotContain(token);
        assertThatThrownBy(() -> api.activeServers(apiUrl, token))
                .isInstanceOf(HubApiException.class)
                .hasMessageContaining("not reachable")
                .hasMessageNotContaining(token);
        assertThatThrownBy(() -> api.stopServer(apiUrl, token, "alice", ""))
                .isInstanceOf(HubApiException.class)
                .hasMessageContaining("stop server alice");
    }

    @Test
    void proveDownAcceptsAHubThatDoesNotAnswerAtOnce() throws IOException {
        URI apiUrl = URI.create("http://127.0.0.1:" + closedPort() + "/hub/api");
        HubProbe probe = new HubProbe(api, new CommandRunner());

        DownProof proof = probe.proveDown(apiUrl, URI.create("http://127.0.0.1:" + closedPort() + "/"),
                Optional.empty(), Duration.ofSeconds(5));

        assertThat(proof.down()).isTrue();
        assertThat(proof.waited()).isLessThan(Duration.ofSeconds(2));
        assertThat(proof.evidence()).hasSize(2).allMatch(line -> line.contains("no answer (connection refused)"));
        assertThat(proof.evidence().get(1)).endsWith("/hub/health → no answer (connection refused)")
                .doesNotContain("//hub");
    }

    @Test
    void encodesUserAndServerNamesAsPathSegments() {
        assertThat(HubApiClient.encodePathSegment("bob@example.org")).isEqualTo("bob%40example.org");
        assertThat(HubApiClient.encodePathSegment("gpu box/1")).isEqualTo("gpu%20box%2F1");
        assertThat(HubApiClient.encodePathSegment("zoë")).isEqualTo("zo%C3%AB");
    }

    @Test
    void refusesUrlsThatAreNotPlainHttp() {
        assertThatThrownBy(() -> api.version(URI.create("ftp://hub/hub/api")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not an http(s) URL");
        assertThatThrownBy(() -> api.version(URI.create("http://admin:pw@hub/hub/api")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw");
        assertThatThrownBy(() -> api.checkToken(URI.create("http://hub/hub/api"), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("API token is required");
    }

    @Test
    void matchesExpectedVersionsExactlyOrAsPatchReleases() {
        assertThat(HubProbe.versionMatches("3.0.0", "3.0.0")).isTrue();
        assertThat(HubProbe.versionMatches("3.0.1", "3.0")).isTrue();
        assertThat(HubProbe.versionMatches("3.1.0", "3.0")).isFalse();
        assertThat(HubProbe.versionMatches("3.0.0", "3")).isTrue();
        assertThat(HubProbe.versionMatches("30.0.0", "3")).isFalse();
        assertThat(HubProbe.versionMatches("2.3.1", null)).isTrue();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
