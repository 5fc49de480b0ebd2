package dev.hubconsole.backup;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Collects progress for assertions. */
final class RecordingProgress implements BackupProgress {

    final List<String> steps = new CopyOnWriteArrayList<>();
    final AtomicLong lastDone = new AtomicLong(-1);
    final AtomicLong lastTotal = new AtomicLong(-1);
    final AtomicLong byteReports = new AtomicLong();

    @Override
    public void step(String message) {
        steps.add(message);
    }

    @Override
    public void bytes(long done, long total) {
        lastDone.set(done);
        lastTotal.set(total);
        byteReports.incrementAndGet();
    }
}
