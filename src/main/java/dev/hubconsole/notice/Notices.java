package dev.hubconsole.notice;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The notice feature's public API: what the public page shows. */
@Service
public class Notices {

    /** Completed or cancelled notices stay visible this long, so users can read that the hub is back. */
    static final Duration KEEP_VISIBLE = Duration.ofDays(3);
    private final NoticeStore store;
    private final Clock clock;

    Notices(NoticeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The notices users should see now, one per hub. */
    public List<Notice> current() {
        return store.current(clock.instant().minus(KEEP_VISIBLE));
    }

    /** A run's notice, if its Notify step published one. */
    public Optional<Notice> ofRun(long runId) {
        return store.ofRun(runId);
    }
}
