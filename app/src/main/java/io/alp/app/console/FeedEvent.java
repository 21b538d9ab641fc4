package io.alp.app.console;

import io.alp.app.output.Json;

import java.util.Map;

/**
 * One live update of a session, as its event stream sends it: {@code node} (a node was scored, rejected or its edit
 * failed), {@code frontier} (the frontier moved), {@code spend} (the ledger changed) or {@code stop} (the session
 * ended). {@code seq} is the session journal's sequence number of the event behind it, the stream's event id.
 * {@code sse} is the event as a stream sends it (type, id and the data as JSON), written once however many streams
 * send it.
 */
public record FeedEvent(long seq, String type, String sse) {

    public static final String NODE = "node";
    public static final String FRONTIER = "frontier";
    public static final String SPEND = "spend";
    public static final String STOP = "stop";

    static FeedEvent of(long seq, String type, Map<String, Object> data) {
        return new FeedEvent(seq, type, "event: " + type + "\nid: " + seq + "\ndata: " + Json.compact(data)
                + "\n\n");
    }
}
