package io.alp.app.console;

import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionRunner;
import io.alp.engine.report.SessionSummary;
import io.alp.traffic.store.DatasetInfo;

import java.util.List;

/** What the console asks of the system beyond reading the journal: start and stop sessions, list datasets. */
public interface SessionControl {

    /** Resolves the session's dataset and starts it; returns once it has started. */
    SessionSummary start(SessionConfig.SessionSetup setup);

    SessionRunner.Stopped stop(String sessionId);

    /**
     * Whether this control may stop a session that another process is running: on a cluster any node reaches every
     * session through sharding; on the embedded database another process's session would get a second writer.
     */
    boolean reachesEveryRunningSession();

    /** Whether this control started the session (in this process). */
    boolean started(String sessionId);

    List<DatasetInfo> datasets();
}
