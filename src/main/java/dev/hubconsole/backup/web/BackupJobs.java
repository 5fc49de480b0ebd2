package dev.hubconsole.backup.web;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a hub's backup verifications and restores off the request thread, one at a time per hub. What they find is
 * persisted by the work itself (the verification status next to the backups, the audit log); only "which hub has
 * a job running" lives here, and it is rebuilt as empty after a restart, when no job can be running.
 */
@Component
class BackupJobs {

    private static final Logger LOG = LoggerFactory.getLogger(BackupJobs.class);
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "backup-job");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, String> running = new ConcurrentHashMap<>();

    /** Starts {@code work} for the hub unless a job of that hub is running; returns false then. */
    boolean start(long hubId, String description, Runnable work) {
        if (running.putIfAbsent(hubId, description) != null) {
            return false;
        }
        executor.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", description, e.getMessage());
            } finally {
                running.remove(hubId);
            }
        });
        return true;
    }

    /** What is running for the hub, if anything. */
    Optional<String> running(long hubId) {
        return Optional.ofNullable(running.get(hubId));
    }

    /** Waits until no job of the hub runs (or the time is up); true when idle. */
    boolean awaitIdle(long hubId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.containsKey(hubId)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
