package io.alp.app.console;

import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

import java.time.Duration;
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
    private static final ByteString HEARTBEAT = ByteString.fromString(":\n\n");
    private static final ContentType EVENT_STREAM = ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM);

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
        // the session may have to be read first: not on the server's own threads
        return parameterOptional("after", after -> onSuccess(CompletableFuture.supplyAsync(() -> {
            try {
                guard.checkRead(req);
                return views.find(id).<Object>map(live -> live)
                        .orElseGet(() -> ApiError.notFound("no session with id '" + id + "'"));
            } catch (ApiError e) {
                return e;
            }
        }, blocking), found -> {
            if (found instanceof ApiError e) {
                return complete(Responses.json(e.status(), e.body(), System.nanoTime()));
            }
            LiveSession live = (LiveSession) found;
            OptionalLong from = after.map(EventStream::number).orElseGet(() -> req.getHeader("Last-Event-ID")
                    .map(HttpHeader::value).map(EventStream::number).orElse(OptionalLong.empty()));
            return complete(HttpResponse.create()
                    .withEntity(HttpEntities.createChunked(EVENT_STREAM, stream(live, from.orElseGet(live::events))))
                    .addHeader(RawHeader.create("Cache-Control", "no-cache")));
        }));
    }

    /**
     * Each tick sends what was journaled since the last one as one chunk (the events as the SSE format writes them,
     * rendered once per event for all streams), or nothing; a comment line keeps an idle stream open.
     */
    private Source<ByteString, NotUsed> stream(LiveSession live, long after) {
        long[] cursor = {after};
        return Source.tick(Duration.ZERO, period, Boolean.TRUE)
                .takeWhile(tick -> !blocking.isShutdown()) // the console is closing: the stream ends
                // only a stale session is read again (on the blocking pool); otherwise the feed is at hand
                .mapAsync(1, tick -> views.stale(live) ? CompletableFuture.supplyAsync(() -> {
                    views.refresh(live);
                    return live.feedAfter(cursor[0]);
                }, blocking) : CompletableFuture.completedFuture(live.feedAfter(cursor[0])))
                .filter(events -> !events.isEmpty())
                .map(events -> {
                    cursor[0] = events.get(events.size() - 1).seq();
                    StringBuilder chunk = new StringBuilder();
                    events.forEach(e -> chunk.append(e.sse()));
                    return ByteString.fromString(chunk.toString());
                })
                .keepAlive(KEEP_ALIVE, () -> HEARTBEAT)
                .mapMaterializedValue(cancellable -> NotUsed.getInstance());
    }

    private static OptionalLong number(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
