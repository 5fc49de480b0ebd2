package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.DbUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Replaces a hub's secrets (API token, database password) with {@code ***} in anything written to a log. */
final class Redactor implements UnaryOperator<String> {

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    static Redactor of(Hub hub) {
        List<String> secrets = new ArrayList<>();
        secrets.add(hub.apiToken().value());
        try {
            String password = DbUrl.parse(hub.dbUrl().value(), hub.workDir()).password();
            if (password != null && !password.isEmpty()) {
                secrets.add(password);
                secrets.add(java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            // an unparsable URL has no password we could find; the raw URL is never logged
        }
        secrets.removeIf(s -> s == null || s.length() < 4);
        return new Redactor(List.copyOf(secrets));
    }

    @Override
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }
}
