package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.DbUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Replaces a hub's secrets (API token, database password, and the password of a run's target database) with
 * {@code ***} in anything written to a log.
 */
final class Redactor implements UnaryOperator<String> {

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    static Redactor of(Hub hub) {
        return of(hub, new StepContext.Facts(java.util.Map.of(), java.util.Map.of()));
    }

    /** The hub's secrets and those the run's inputs hold (the target database of an engine change). */
    static Redactor of(Hub hub, StepContext.Facts facts) {
        List<String> secrets = new ArrayList<>();
        secrets.add(hub.apiToken().value());
        addPassword(secrets, hub.dbUrl().value(), hub);
        StepInput plan = facts.inputs().get(StepKind.PLAN);
        if (plan != null) {
            plan.get(EngineChange.TARGET).ifPresent(url -> addPassword(secrets, url, hub));
        }
        secrets.removeIf(s -> s == null || s.length() < 4);
        return new Redactor(List.copyOf(secrets));
    }

    private static void addPassword(List<String> secrets, String url, Hub hub) {
        try {
            String password = DbUrl.parse(url, hub.workDir()).password();
            if (password != null && !password.isEmpty()) {
                secrets.add(password);
                secrets.add(java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            // an unparsable URL has no password we could find; the raw URL is never logged
        }
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
