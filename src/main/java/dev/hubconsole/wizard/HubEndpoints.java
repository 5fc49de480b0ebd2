package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hub;
import java.net.URI;

/** Where the console checks a hub directly (not through the proxy): its API and its own base URL. */
final class HubEndpoints {

    private HubEndpoints() {
    }

    /** {@code http://127.0.0.1:8081/hub/api} → {@code http://127.0.0.1:8081/} (where {@code /hub/health} lives). */
    static URI hubBase(Hub hub) {
        String api = hub.apiUrl().toString().replaceAll("/+$", "");
        String base = api.endsWith("/hub/api") ? api.substring(0, api.length() - "hub/api".length()) : api + "/";
        return URI.create(base);
    }
}
