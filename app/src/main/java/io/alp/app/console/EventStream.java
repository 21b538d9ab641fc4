package io.alp.app.console;

import io.alp.app.output.Json;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * {@code GET /api/sessions/{id}/events}: a session's live updates as Server-Sent Events. Each stream looks at the
 * session's {@link LiveSession} every {@code period}; the journal itself is read at most once per freshness period
 * however many streams are open, so watchers add next to nothing to a running session. The stream starts after
 * {@code ?after=SEQ} (the {@code events} figure of the session's detail), the {@code Last-Event-ID} a reconnecting
 * browser sends, or else now.
 */
final class EventStream extends AllDirectives {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final SessionViews views;
    private final Guard guard;
    private final ExecutorService blocking;
    private final Duration period;

    EventStream(SessionViews views, Guard guard, ExecutorService blocking, Duration period) {
        this.views = views;
        this.guard = guard;
        this.blocking = blocking;
        this.period = period;
    }

    Route route(HttpRequest req, String id) {
        return parameterOptional("after", after -> {
            Optional<LiveSession> live;
            try {
                guard.checkRead(req);
                live = views.find(id);
            } catch (ApiError e) {
                return complete(Responses.json(e.status(), e.body(), System.nanoTime()));
            }
            if (live.isEmpty()) {
                return complete(Responses.json(404, new ApiError(404, "no session with id '" + id + "'").body(),
                        System.nanoTime()));
            }
            OptionalLong from = after.map(EventStream::number).orElseGet(() -> req.getHeader("Last-Event-ID")
                    .map(HttpHeader::value).map(EventStream::number).orElse(OptionalLong.empty()));
            long start = from.orElseGet(live.get()::events);
            return completeOK(stream(live.get(), start), EventStreamMarshalling.toEventStream());
        });
    }

    private Source<ServerSentEvent, NotUsed> stream(LiveSession live, long after) {
        long[] cursor = {after};
        return Source.tick(Duration.ZERO, period, Boolean.TRUE)
                .takeWhile(tick -> !blocking.isShutdown()) // the console is closing: the stream ends
                .mapAsync(1, tick -> CompletableFuture.supplyAsync(() -> {
                    views.refresh(live);
                    return live.feedAfter(cursor[0]);
                }, blocking))
                .mapConcat(events -> {
                    if (!events.isEmpty()) {
                        cursor[0] = events.get(events.size() - 1).seq();
                    }
                    return events.stream().map(EventStream::sse).toList();
                })
                .keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat)
                .mapMaterializedValue(cancellable -> NotUsed.getInstance());
    }

    private static ServerSentEvent sse(FeedEvent e) {
        return ServerSentEvent.create(Json.compact(e.data()), e.type(), Long.toString(e.seq()));
    }

    private static OptionalLong number(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
