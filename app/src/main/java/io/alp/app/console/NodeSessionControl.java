package io.alp.app.console;

import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionDatasets;
import io.alp.app.session.SessionRunner;
import io.alp.cluster.AlpNode;
import io.alp.cluster.JournalSchema;
import io.alp.cluster.NodeSettings;
import io.alp.engine.model.Dataset;
import io.alp.engine.report.SessionSummary;
import io.alp.traffic.store.DatasetInfo;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Starts and stops sessions through an ALP node: the cluster node the console runs on, or one this process starts
 * when first asked ({@code alp serve}: on the embedded database the sessions it starts run in this process).
 */
public final class NodeSessionControl implements SessionControl {

    private final NodeSettings settings;
    private final Supplier<AlpNode> node;
    private final PrintStream notes;
    private final boolean cluster;
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    /**
     * @param node    the node to use, started on first use by the supplier (called under this object's lock)
     * @param cluster whether the node is part of a cluster (a cluster node, or a client of one)
     */
    public NodeSessionControl(NodeSettings settings, Supplier<AlpNode> node, PrintStream notes, boolean cluster) {
        this.settings = settings;
        this.node = node;
        this.notes = notes;
        this.cluster = cluster;
    }

    @Override
    public synchronized SessionSummary start(SessionConfig.SessionSetup setup) {
        Dataset dataset = SessionDatasets.resolve(setup, settings, notes);
        var spec = dataset == null ? setup.spec() : setup.spec().withDatasetSize(dataset.size());
        SessionSummary summary = SessionRunner.startOn(node.get(), new SessionRunner.Submission(spec, dataset));
        started.add(summary.id());
        return summary;
    }

    @Override
    public synchronized SessionRunner.Stopped stop(String sessionId) {
        return SessionRunner.stopOn(node.get(), sessionId);
    }

    @Override
    public boolean reachesEveryRunningSession() {
        return cluster;
    }

    @Override
    public boolean started(String sessionId) {
        return started.contains(sessionId);
    }

    @Override
    public List<DatasetInfo> datasets() {
        // looking creates nothing: a database without datasets has no table for them yet
        return JournalSchema.hasTable(settings, "alp_dataset") ? SessionDatasets.open(settings).list() : List.of();
    }
}
