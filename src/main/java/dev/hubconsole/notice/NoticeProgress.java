package dev.hubconsole.notice;

import dev.hubconsole.wizard.RunState;
import dev.hubconsole.wizard.RunStateChanged;
import dev.hubconsole.wizard.StepState;
import dev.hubconsole.wizard.StepStateChanged;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Moves a run's notice along with the run: in progress from Shutdown, completed at Finish or after Roll back. */
@Component
class NoticeProgress {

    private final NoticeStore store;
    private final Clock clock;

    NoticeProgress(NoticeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @EventListener
    void onStep(StepStateChanged e) {
        if (e.state() == StepState.RUNNING) {
            String progress = switch (e.kind()) {
                case SHUTDOWN -> "Stopping the hub and running servers";
                case MIGRATE -> "Upgrading the hub's database";
                case RESTART -> "Starting the hub again";
                case ROLLBACK -> "Restoring the previous version of the hub";
                default -> null;
            };
            if (progress != null) {
                store.update(e.runId(), NoticeStatus.IN_PROGRESS, progress, clock.instant());
            }
        } else if (e.state() == StepState.FAILED || e.state() == StepState.INTERRUPTED) {
            store.ofRun(e.runId()).filter(n -> n.status() == NoticeStatus.IN_PROGRESS).ifPresent(n ->
                    store.update(e.runId(), NoticeStatus.IN_PROGRESS,
                            "Taking longer than planned: the administrators are working on it", clock.instant()));
        }
    }

    @EventListener
    void onRun(RunStateChanged e) {
        switch (e.state()) {
            case FINISHED -> store.update(e.runId(), NoticeStatus.COMPLETED,
                    "Done: the hub is back and upgraded", clock.instant());
            case ROLLED_BACK -> store.update(e.runId(), NoticeStatus.COMPLETED,
                    "The hub is back on its previous version; the upgrade will be rescheduled", clock.instant());
            case ABANDONED -> store.update(e.runId(), NoticeStatus.CANCELLED,
                    "The maintenance was called off", clock.instant());
            case ACTIVE -> {
            }
        }
    }
}
