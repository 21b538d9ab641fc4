package io.alp.app.console;

import io.alp.actors.query.JournalReader;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Every session the console has looked at, each kept current from the journal ({@link LiveSession}). */
public final class SessionViews {

    private final JournalReader reader;
    private final long freshNanos;
    private final ConcurrentMap<String, LiveSession> sessions = new ConcurrentHashMap<>();

    /** @param fresh how old a session's last look at the journal may be before a request reads it again */
    public SessionViews(JournalReader reader, Duration fresh) {
        this.reader = reader;
        this.freshNanos = fresh.toNanos();
    }

    public JournalReader reader() {
        return reader;
    }

    /** The session, current to within the freshness period; empty when the journal holds no such session. */
    Optional<LiveSession> find(String id) {
        LiveSession live = sessions.computeIfAbsent(id, LiveSession::new);
        live.refresh(reader, freshNanos);
        if (!live.exists()) {
            sessions.remove(id, live); // an unknown id leaves nothing behind
            return Optional.empty();
        }
        return Optional.of(live);
    }

    /** Brings a session this console already found up to date (within the freshness period). */
    void refresh(LiveSession live) {
        live.refresh(reader, freshNanos);
    }

    boolean stale(LiveSession live) {
        return live.stale(freshNanos);
    }

    /** Every session in the journal, in id order. */
    List<LiveSession> all() {
        return reader.sessionIds().toCompletableFuture().join().stream()
                .map(this::find).flatMap(Optional::stream).toList();
    }
}
