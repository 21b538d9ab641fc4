package io.alp.app.console;

import io.alp.app.session.SessionRunner;
import io.alp.cluster.AlpNode;
import io.alp.cluster.NodeSettings;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The ALP node {@code alp serve} starts and stops sessions through, started when first needed: a console that only
 * shows sessions never starts one, so it never resumes an interrupted session by itself.
 */
public final class LazyNode implements Supplier<AlpNode>, AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private final NodeSettings settings;
    private AlpNode node;

    public LazyNode(NodeSettings settings) {
        this.settings = settings;
    }

    @Override
    public synchronized AlpNode get() {
        if (node == null) {
            AlpNode started = AlpNode.start(settings, SessionRunner.WORLDS);
            try {
                started.awaitUp(JOIN_TIMEOUT);
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            node = started;
        }
        return node;
    }

    @Override
    public synchronized void close() {
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
