package io.alp.app.console;

import java.util.Map;

/**
 * One live update of a session, as its event stream sends it: {@code node} (a node was scored, rejected or its edit
 * failed), {@code frontier} (the frontier moved), {@code spend} (the ledger changed) or {@code stop} (the session
 * ended). {@code seq} is the session journal's sequence number of the event behind it, the stream's event id.
 */
public record FeedEvent(long seq, String type, Map<String, Object> data) {

    public static final String NODE = "node";
    public static final String FRONTIER = "frontier";
    public static final String SPEND = "spend";
    public static final String STOP = "stop";
}
