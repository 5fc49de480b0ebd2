package dev.hubconsole.lifecycle;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client for the parts of JupyterHub's REST API the console needs (JupyterHub 2.x–6.x; tested against
 * 3.0).
 *
 * <p>{@code apiUrl} is the hub's API base, e.g. {@code http://127.0.0.1:8081/hub/api} (the hub's own address) or
 * {@code https://hub.example.org/hub/api} (through the proxy); a trailing slash does not matter.
 * {@code hubUrl} is the base under which {@code /hub/} lives, e.g. {@code http://127.0.0.1:8081}.
 *
 * <p>Requests use HTTP/1.1 (configurable-http-proxy does not answer HTTP/2 upgrade requests). The token is sent as {@code Authorization: token …}, redirects are not followed (so it cannot leak to
 * another host), and it never appears in exceptions, messages or logs. Connect and read timeouts default to
 * 5 s. A plain object usable without Spring, and a Spring component.
 */
@Component
public final class HubApiClient {

    static final String PAGINATION_MEDIA_TYPE = "application/jupyterhub-pagination+json";
    private static final int MAX_PAGES = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final Duration readTimeout;

    /** A client with 5 s connect and read timeouts. */
    @Autowired
    public HubApiClient() {
        this(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** A client with the given connect and read (whole response) timeouts. */
    public HubApiClient(Duration connectTimeout, Duration readTimeout) {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        this.readTimeout = readTimeout;
        // HTTP/1.1: an HTTP/2 upgrade request ("Upgrade: h2c") is taken for a websocket by configurable-http-proxy
        // and never answered, so requests through the hub's public URL would fail
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code GET {apiUrl}/} without auth: the hub's version, or empty when it does not answer with one. */
    public Optional<String> version(URI apiUrl) {
        return Optional.ofNullable(probeVersion(apiUrl).version());
    }

    /** {@code GET {hubUrl}/hub/health}: true iff it answers 200. */
    public boolean healthy(URI hubUrl) {
        return probeHealth(hubUrl).answered(200);
    }

    /**
     * Checks a token with {@code GET {apiUrl}/user} (who owns the token); when the hub has no such endpoint
     * (404) falls back to {@code GET {apiUrl}/users}.
     */
    public TokenCheck checkToken(URI apiUrl, String token) {
        requireToken(token);
        Answer answer = send(get(api(apiUrl, "/user"), token));
        if (answer.status() == 404) {
            answer = send(get(api(apiUrl, "/users"), token));
        }
        if (!answer.reached()) {
            return new TokenCheck(TokenCheck.Outcome.UNREACHABLE, null, false,
                    "Hub API at " + base(apiUrl) + " is not reachable: " + answer.failure());
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return new TokenCheck(TokenCheck.Outcome.REJECTED, null, false, "Hub API at " + base(apiUrl)
                    + " rejected the token (HTTP " + answer.status() + "); create a new token or check its scopes");
        }
        if (answer.status() != 200) {
            return new TokenCheck(TokenCheck.Outcome.UNEXPECTED, null, false, "Hub API at " + base(apiUrl)
                    + " answered HTTP " + answer.status() + hubMessage(answer) + "; check the API URL (like "
                    + "http://127.0.0.1:8081/hub/api)");
        }
        JsonNode who = parse(answer.body());
        if (who == null || !who.isObject()) {
            return new TokenCheck(TokenCheck.Outcome.OK, null, false,
                    "Token accepted by the hub at " + base(apiUrl));
        }
        String owner = text(who, "name");
        boolean admin = who.path("admin").asBoolean(false) || contains(who.path("roles"), "admin");
        String kind = who.path("kind").isString() ? who.path("kind").asString() : "user";
        String message = "Token accepted for " + kind + " '" + owner + "'"
                + (admin ? " with admin rights" : "; it lacks admin rights, which the console needs to list and "
                        + "stop servers");
        return new TokenCheck(TokenCheck.Outcome.OK, owner, admin, message);
    }

    /**
     * Every running, starting or stopping server, default and named, from {@code GET {apiUrl}/users?state=active},
     * following the hub's pagination (JupyterHub 2.0+; older hubs answer with a plain list, also accepted). A user
     * that several pages repeat (3.0 paginates over user/server rows) is listed once.
     *
     * @throws HubApiException when the hub does not answer, rejects the token or answers unexpectedly
     */
    public List<ActiveServer> activeServers(URI apiUrl, String token) {
        requireToken(token);
        List<ActiveServer> servers = new ArrayList<>();
        // JupyterHub 3.0 pages over user x active-server rows, so a user with two running servers comes twice
        Set<String> seenUsers = new HashSet<>();
        String query = "?state=active";
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpRequest request = get(api(apiUrl, "/users" + query), token)
                    .setHeader("Accept", PAGINATION_MEDIA_TYPE).build();
            Answer answer = send(request);
            JsonNode body = expectJson(answer, "GET /users?state=active", apiUrl, 200);
            JsonNode items = body.isArray() ? body : body.path("items");
            for (JsonNode user : items) {
                if (seenUsers.add(user.path("name").asString(""))) {
                    addServers(user, servers);
                }
            }
            JsonNode next = body.path("_pagination").path("next");
            if (!body.isObject() || next.isMissingNode() || next.isNull()) {
                return List.copyOf(servers);
            }
            query = "?state=active&offset=" + next.path("offset").asLong() + "&limit=" + next.path("limit").asLong(50);
        }
        throw new HubApiException("Hub API at " + base(apiUrl) + " kept paginating /users past " + MAX_PAGES
                + " pages; giving up", 200);
    }

    /**
     * Asks the hub to stop a server: {@code DELETE {apiUrl}/users/{user}/server} for the default server
     * ({@code serverName} empty) or {@code …/servers/{serverName}} for a named one; names are URL-encoded.
     * Returns when the hub accepted (202: stopping, 204: stopped).
     *
     * @throws HubApiException for any other answer or when the hub does not answer
     */
    public void stopServer(URI apiUrl, String token, String user, String serverName) {
        requireToken(token);
        Objects.requireNonNull(user, "user");
        String path = "/users/" + encodePathSegment(user)
                + (serverName == null || serverName.isEmpty() ? "/server" : "/servers/" + encodePathSegment(serverName));
        HttpRequest request = request(api(apiUrl, path), token).DELETE().build();
        Answer answer = send(request);
        if (answer.status() != 202 && answer.status() != 204) {
            String what = "stop server " + (serverName == null || serverName.isEmpty() ? user : user + "/" + serverName);
            throw failure(answer, what, apiUrl);
        }
    }

    /** Version probe with the reason when there is no version; used for evidence in {@link HubProbe}. */
    VersionAnswer probeVersion(URI apiUrl) {
        Answer answer = send(request(api(apiUrl, "/"), null).GET().build());
        if (!answer.reached()) {
            return new VersionAnswer(null, "GET " + base(apiUrl) + "/ → no answer (" + answer.failure() + ")");
        }
        JsonNode body = answer.status() == 200 ? parse(answer.body()) : null;
        if (body != null && body.path("version").isString()) {
            String version = body.path("version").asString();
            return new VersionAnswer(version, "GET " + base(apiUrl) + "/ → 200, version " + version);
        }
        return new VersionAnswer(null, "GET " + base(apiUrl) + "/ → HTTP " + answer.status() + ", no version");
    }

    /** Health probe with a description; used for evidence in {@link HubProbe}. */
    Answer probeHealth(URI hubUrl) {
        return send(request(healthUrl(hubUrl), null).GET().build());
    }

    static URI healthUrl(URI hubUrl) {
        return URI.create(strip(hubUrl) + "/hub/health");
    }

    /** The answer of one request: status -1 and a failure description when the hub did not answer. */
    record Answer(int status, String body, String failure) {
        boolean reached() {
            return status >= 0;
        }

        boolean answered(int expected) {
            return status == expected;
        }

        String describe() {
            return reached() ? "HTTP " + status : "no answer (" + failure + ")";
        }
    }

    /** A version, or {@code null} with {@code detail} saying why not. */
    record VersionAnswer(String version, String detail) {
    }

    private Answer send(HttpRequest.Builder builder) {
        return send(builder.build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), null);
        } catch (HttpConnectTimeoutException e) {
            return new Answer(-1, null, "connect timed out");
        } catch (HttpTimeoutException e) {
            return new Answer(-1, null, "no response within " + readTimeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return new Answer(-1, null, "connection refused");
        } catch (IOException e) {
            return new Answer(-1, null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, "interrupted");
        }
    }

    private HttpRequest.Builder get(URI uri, String token) {
        return request(uri, token).GET();
    }

    private HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(readTimeout).header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "token " + token);
        }
        return builder;
    }

    private JsonNode expectJson(Answer answer, String what, URI apiUrl, int expected) {
        if (answer.status() != expected) {
            throw failure(answer, what, apiUrl);
        }
        JsonNode body = parse(answer.body());
        if (body == null) {
            throw new HubApiException("Hub API at " + base(apiUrl) + " answered " + what + " with something that is "
                    + "not JSON; check the API URL (like http://127.0.0.1:8081/hub/api)", answer.status());
        }
        return body;
    }

    private static HubApiException failure(Answer answer, String what, URI apiUrl) {
        String prefix = "Hub API at " + base(apiUrl) + ": " + what + " ";
        if (!answer.reached()) {
            return new HubApiException(prefix + "failed, the hub is not reachable (" + answer.failure() + ")", -1);
        }
        if (answer.status() == 401 || answer.status() == 403) {
            return new HubApiException(prefix + "was refused (HTTP " + answer.status() + "); the token is wrong or "
                    + "lacks admin rights", answer.status());
        }
        return new HubApiException(prefix + "failed with HTTP " + answer.status() + hubMessage(answer), answer.status());
    }

    private static void addServers(JsonNode user, List<ActiveServer> into) {
        String name = text(user, "name");
        if (name == null) {
            return;
        }
        JsonNode servers = user.path("servers");
        if (servers.isObject()) {
            for (Map.Entry<String, JsonNode> entry : servers.properties()) {
                JsonNode server = entry.getValue();
                String serverName = server.path("name").isString() ? server.path("name").asString() : entry.getKey();
                into.add(new ActiveServer(name, serverName, text(server, "url"), server.path("ready").asBoolean(false),
                        text(server, "pending")));
            }
        } else if (user.path("server").isString()) {
            // token without read:servers: only the default server's URL is visible
            into.add(new ActiveServer(name, "", user.path("server").asString(), true, text(user, "pending")));
        }
    }

    private static String hubMessage(Answer answer) {
        JsonNode body = parse(answer.body());
        if (body != null && body.path("message").isString()) {
            return " (" + oneLine(body.path("message").asString()) + ")";
        }
        return "";
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.isString() && element.asString().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Percent-encodes one path segment (RFC 3986 unreserved characters stay as they are). */
    static String encodePathSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static URI api(URI apiUrl, String path) {
        return URI.create(base(apiUrl) + path);
    }

    private static String base(URI apiUrl) {
        return strip(apiUrl);
    }

    private static String strip(URI url) {
        Objects.requireNonNull(url, "url");
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new IllegalArgumentException("Not an http(s) URL: " + url + "; use e.g. http://127.0.0.1:8081/hub/api");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The hub URL must not carry a query, fragment or user info: "
                    + url.getScheme() + "://" + url.getHost() + url.getRawPath());
        }
        String s = url.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static void requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("An API token is required; give the token of an admin service");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
