package dev.hubconsole.notice;

import dev.hubconsole.wizard.StepContext;
import dev.hubconsole.wizard.StepInput;
import dev.hubconsole.wizard.StepKind;
import dev.hubconsole.wizard.StepOutcome;
import dev.hubconsole.wizard.WizardRefusal;
import dev.hubconsole.wizard.WizardStep;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notify: publishes the admin's maintenance notice (planned window, message) on the public page
 * {@code /maintenance}, status "scheduled"; later steps move it to "in progress" and "completed".
 */
@Component
class NotifyStep implements WizardStep {

    static final String TITLE = "title";
    static final String MESSAGE = "message";
    static final String WINDOW_START = "windowStart";
    static final String WINDOW_END = "windowEnd";
    static final String ZONE = "zone";
    private final NoticeStore store;
    private final TransactionTemplate tx;
    private final Clock clock;

    NotifyStep(NoticeStore store, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public StepKind kind() {
        return StepKind.NOTIFY;
    }

    @Override
    public void checkInput(StepInput input, StepContext.Facts facts) {
        Window window = window(input);
        if (input.get(MESSAGE).isEmpty()) {
            throw WizardRefusal.invalid("The notice needs a message for users (what happens, what they should do)");
        }
        if (input.get(MESSAGE).get().length() > 5000 || input.get(TITLE).map(String::length).orElse(0) > 200) {
            throw WizardRefusal.invalid("The notice is too long: at most 200 characters of title, 5000 of message");
        }
        if (!window.end().isAfter(window.start())) {
            throw WizardRefusal.invalid("The maintenance window must end after it starts");
        }
    }

    @Override
    public StepOutcome execute(StepContext ctx) {
        Window window = window(ctx.input());
        String title = ctx.input().get(TITLE).orElse("Planned maintenance of " + ctx.hub().name());
        String message = ctx.input().get(MESSAGE).orElseThrow();
        tx.executeWithoutResult(s -> store.publish(ctx.hub().id(), ctx.run().id(), title, message, window.start(),
                window.end(), "Scheduled: the hub will be upgraded during the window below", clock.instant()));
        ctx.log("Published the notice \"" + title + "\" for " + window.start() + " – " + window.end()
                + " on /maintenance");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("title", title);
        result.put("windowStart", window.start().toString());
        result.put("windowEnd", window.end().toString());
        result.put("page", "/maintenance");
        return StepOutcome.succeeded("notice published on /maintenance", result);
    }

    private record Window(Instant start, Instant end) {
    }

    private static Window window(StepInput input) {
        ZoneId zone;
        try {
            zone = input.get(ZONE).map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (DateTimeException e) {
            throw WizardRefusal.invalid("Unknown time zone '" + input.get(ZONE).orElse("") + "'; use e.g. "
                    + "Europe/Berlin or UTC");
        }
        return new Window(instant(input, WINDOW_START, zone), instant(input, WINDOW_END, zone));
    }

    private static Instant instant(StepInput input, String field, ZoneId zone) {
        String raw = input.get(field).orElseThrow(() -> WizardRefusal.invalid("The notice needs the maintenance "
                + "window's " + (field.equals(WINDOW_START) ? "start" : "end") + " (date and time)"));
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(raw).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw WizardRefusal.invalid("'" + raw + "' is not a date and time; write it like 2026-12-01T18:00");
            }
        }
    }
}
