package dev.tally.control.live;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live figures pushed by the server: {@code GET /api/events} is a server-sent-event stream whose
 * {@code overview} event carries every job's {@link OverviewService.JobOverview} once a second (the dashboard
 * listens instead of polling); {@code GET /api/overview} answers the same once.
 */
@RestController
@RequestMapping("/api")
class LiveController {

    /** A stream ends after 30 minutes; browsers' EventSource reconnects by itself. */
    private static final long STREAM_MILLIS = 30 * 60 * 1000L;

    private final OverviewService overview;
    private final List<SseEmitter> streams = new CopyOnWriteArrayList<>();

    LiveController(OverviewService overview) {
        this.overview = overview;
    }

    @GetMapping("/overview")
    List<OverviewService.JobOverview> overview() {
        return overview.overview();
    }

    /** Server-sent events: {@code overview} now and every second. */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events() throws IOException {
        SseEmitter emitter = new SseEmitter(STREAM_MILLIS);
        emitter.onCompletion(() -> streams.remove(emitter));
        emitter.onTimeout(() -> streams.remove(emitter));
        emitter.onError(e -> streams.remove(emitter));
        emitter.send(SseEmitter.event().name("overview").data(overview.overview(), MediaType.APPLICATION_JSON));
        streams.add(emitter);
        return emitter;
    }

    /**
     * Ends every open stream when the application closes (before the web server's graceful shutdown, which
     * would otherwise wait its whole timeout for these never-ending requests); browsers reconnect to the next
     * instance by themselves.
     */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        for (SseEmitter emitter : streams) {
            streams.remove(emitter);
            emitter.complete();
        }
    }

    @Scheduled(fixedRate = 1000)
    void push() {
        if (streams.isEmpty()) {
            return;
        }
        List<OverviewService.JobOverview> now = overview.overview();
        for (SseEmitter emitter : streams) {
            try {
                emitter.send(SseEmitter.event().name("overview").data(now, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                streams.remove(emitter); // the browser went away: its stream is over
                emitter.completeWithError(e);
            }
        }
    }
}
