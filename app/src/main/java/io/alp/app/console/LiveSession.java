package io.alp.app.console;

import io.alp.actors.query.JournalReader;
import io.alp.actors.session.SessionActor;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.SearchState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One session as the console sees it: the session state rebuilt from its journal with the same event handler the
 * session itself uses, kept up to date by reading only the events journaled since the last look. While it applies
 * them it derives the live feed ({@link FeedEvent}) and the timeline ({@link TimePoint}). However many pages and
 * event streams look at a session, its journal is read at most once per freshness period.
 */
final class LiveSession {

    private final String id;
    private SessionActor.State state = new SessionActor.Empty();
    private long lastSeq;
    private long lastWrite;
    private volatile long refreshedAt = Long.MIN_VALUE;
    private int scored;
    private boolean stopSent;
    private final List<FeedEvent> feed = new ArrayList<>();
    /** The feed as of the last look, read without the lock by the event streams. */
    private volatile FeedEvent[] published = new FeedEvent[0];
    private final List<TimePoint> timeline = new ArrayList<>();
    private SessionSummary summary;
    private long summarySeq = -1;

    LiveSession(String id) {
        this.id = id;
    }

    /** Reads what was journaled since the last look, unless the last look is younger than {@code freshNanos}. */
    synchronized void refresh(JournalReader reader, long freshNanos) {
        if (!stale(freshNanos)) {
            return;
        }
        apply(reader.sessionEventsFrom(id, lastSeq + 1).toCompletableFuture().join());
        refreshedAt = System.nanoTime();
    }

    /** Whether the last look is older than {@code freshNanos} (without waiting for a look in progress). */
    boolean stale(long freshNanos) {
        long at = refreshedAt;
        return at == Long.MIN_VALUE || System.nanoTime() - at >= freshNanos;
    }

    /** The next look reads the journal, however recent the last one was. */
    synchronized void expire() {
        refreshedAt = Long.MIN_VALUE;
    }

    synchronized boolean exists() {
        return state instanceof SessionActor.Active;
    }

    /** Runs {@code read} on the current state under this session's lock (the engine's state is mutable). */
    synchronized <T> T read(Function<SessionActor.Active, T> read) {
        return read.apply((SessionActor.Active) state);
    }

    synchronized SessionSummary summary() {
        if (summarySeq != lastSeq) {
            summary = ((SessionActor.Active) state).summary();
            summarySeq = lastSeq;
        }
        return summary;
    }

    synchronized long events() {
        return lastSeq;
    }

    /** When the session's last event was journaled (epoch millis). */
    synchronized long lastWrite() {
        return lastWrite;
    }

    synchronized List<TimePoint> timeline() {
        return List.copyOf(timeline);
    }

    /** The feed events after {@code seq} (the id of the last event a stream sent), as of the last look. */
    List<FeedEvent> feedAfter(long seq) {
        FeedEvent[] all = published;
        int i = all.length;
        while (i > 0 && all[i - 1].seq() > seq) {
            i--;
        }
        return i == all.length ? List.of() : Arrays.asList(all).subList(i, all.length); // published arrays never change
    }

    private void apply(List<JournalReader.Journaled> events) {
        if (events.isEmpty()) {
            return;
        }
        int fed = feed.size();
        double spentBefore = state instanceof SessionActor.Active a ? a.search().ledger().spentUsd() : 0;
        for (JournalReader.Journaled j : events) {
            state = SessionActor.apply(state, j.event());
            lastSeq = j.sequenceNr();
            lastWrite = j.timestamp();
            SearchState s = ((SessionActor.Active) state).search();
            FeedEvent change = change(j.sequenceNr(), j.event(), s);
            if (change != null) {
                feed.add(change);
                addTimePoint(j.timestamp(), s);
            }
        }
        SearchState s = ((SessionActor.Active) state).search();
        if (s.ledger().spentUsd() != spentBefore) {
            feed.add(FeedEvent.of(lastSeq, FeedEvent.SPEND, Map.of("spentUsd", s.ledger().spentUsd(),
                    "reservedUsd", s.ledger().reservedUsd(), "budgetUsd", s.ledger().budgetUsd())));
        }
        if (s.finished() && !stopSent) {
            stopSent = true;
            SessionSummary done = summary();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", done.status());
            data.put("stopReason", done.stopReason());
            feed.add(FeedEvent.of(lastSeq, FeedEvent.STOP, data));
        }
        if (feed.size() != fed) {
            published = feed.toArray(FeedEvent[]::new);
        }
    }

    private FeedEvent change(long seq, SessionActor.Event event, SearchState s) {
        if (event instanceof SessionActor.Scored e) {
            scored++;
            var sc = e.score();
            return node(seq, e.nodeId(), "scored", Map.of("passRate", sc.passRate(), "passLow", sc.passLow(),
                    "passHigh", sc.passHigh(), "costPerCase", sc.costPerCase()));
        }
        if (event instanceof SessionActor.Rejected e) {
            return node(seq, e.nodeId(), "rejected", Map.of("reason", e.reason()));
        }
        if (event instanceof SessionActor.EditFailed e) {
            return node(seq, e.nodeId(), "failed", Map.of("reason", e.reason()));
        }
        if (event instanceof SessionActor.FrontierUpdated) {
            return FeedEvent.of(seq, FeedEvent.FRONTIER, Map.of("frontier", List.copyOf(s.frontier()),
                    "hypervolume", s.hypervolume()));
        }
        return null;
    }

    private static FeedEvent node(long seq, String nodeId, String status, Map<String, Object> figures) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("node", nodeId);
        data.put("status", status);
        data.putAll(figures);
        return FeedEvent.of(seq, FeedEvent.NODE, data);
    }

    private void addTimePoint(long at, SearchState s) {
        TimePoint p = new TimePoint(at, s.ledger().spentUsd(), scored, s.frontier().size(), s.hypervolume());
        TimePoint last = timeline.isEmpty() ? null : timeline.get(timeline.size() - 1);
        if (last == null || last.spentUsd() != p.spentUsd() || last.scored() != p.scored()
                || last.frontier() != p.frontier() || last.hypervolume() != p.hypervolume()) {
            timeline.add(p);
        }
    }
}
