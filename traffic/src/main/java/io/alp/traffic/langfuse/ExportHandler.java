package io.alp.traffic.langfuse;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What walking a Langfuse export finds, in file order. Locations read like {@code traces.json line 12 (trace 3)}. */
interface ExportHandler {

    /** A JSON object where a trace is expected. */
    void trace(ObjectNode trace, String location);

    /** A value where a trace is expected that is not an object, e.g. {@code a JSON number}. */
    void notATrace(String location, String what);

    /** A line of a JSON Lines export that is not JSON; reading goes on with the next line. */
    void unreadableLine(String location, String message);

    /** The JSON document is broken at location; nothing after it can be read. */
    void brokenDocument(String location, String message);
}
