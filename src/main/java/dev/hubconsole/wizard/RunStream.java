package dev.hubconsole.wizard;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live progress of runs over Server-Sent Events: {@code step} events when a step changes state, {@code log}
 * events for log lines, and a heartbeat comment every 10 s so proxies keep the connection open. What it streams
 * is also persisted, so a page that reconnects or reloads loses nothing (it fetches the status first).
 */
@Component
class RunStream {

    static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);
    private final Map<Long, List<SseEmitter>> emitters = new ConcurrentHashMap<>();

    SseEmitter subscribe(long runId) {
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        List<SseEmitter> list = emitters.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        send(runId, emitter, SseEmitter.event().comment("connected"));
        return emitter;
    }

    void log(long runId, RunProgress.LogLine line) {
        broadcast(runId, SseEmitter.event().name("log").data(line, MediaType.APPLICATION_JSON));
    }

    @EventListener
    void stepChanged(StepStateChanged event) {
        broadcast(event.runId(), SseEmitter.event().name("step").data(event, MediaType.APPLICATION_JSON));
    }

    @EventListener
    void runChanged(RunStateChanged event) {
        broadcast(event.runId(), SseEmitter.event().name("run").data(event, MediaType.APPLICATION_JSON));
    }

    @Scheduled(fixedRate = 10_000)
    void heartbeat() {
        emitters.forEach((runId, list) -> list.forEach(e -> send(runId, e, SseEmitter.event().comment("heartbeat"))));
    }

    /** Ends every stream when the console stops, so shutdown does not wait for them (browsers reconnect). */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        emitters.values().forEach(list -> list.forEach(SseEmitter::complete));
        emitters.clear();
    }

    private void broadcast(long runId, SseEmitter.SseEventBuilder event) {
        emitters.getOrDefault(runId, List.of()).forEach(e -> send(runId, e, event));
    }

    private void send(long runId, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | RuntimeException e) {
            // The browser went away (reload, closed tab): forget this stream. A live view must never fail a step.
            emitters.getOrDefault(runId, List.of()).remove(emitter);
            try {
                emitter.complete();
            } catch (RuntimeException alreadyClosed) {
                // nothing left to close
            }
        }
    }
}
