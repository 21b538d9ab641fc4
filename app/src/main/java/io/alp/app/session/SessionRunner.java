package io.alp.app.session;

import io.alp.actors.session.SessionActor;
import io.alp.actors.session.SessionSpec;
import io.alp.app.UserError;
import io.alp.app.output.Progress;
import io.alp.cluster.AlpNode;
import io.alp.cluster.NodeSettings;
import io.alp.engine.model.Dataset;
import io.alp.engine.port.WorldFactory;
import io.alp.engine.report.SessionSummary;
import io.alp.sim.SimWorldFactory;
import io.alp.agentworld.AgentWorldFactory;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Drives a session from this process: on an embedded node (the session runs here, and ends with the process), or
 * as a client of a cluster (settings with seeds and no roles: the session runs on the cluster's nodes, and this
 * process only sends it commands and reads its summary). Either way the node leaves cleanly at the end.
 */
public final class SessionRunner {

    public static final List<WorldFactory> WORLDS = List.of(new SimWorldFactory(), new AgentWorldFactory());
    private static final Duration POLL = Duration.ofMillis(250);
    /** A session whose spend, nodes and pending work all stay still this long is reported as stuck. */
    private static final Duration STUCK = Duration.ofMinutes(5);
    /** How long a client waits to become a member of the cluster before it gives up. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    private SessionRunner() {
    }

    /** @param dataset the session's frozen cases, or null to sample them from the simulated world */
    public static SessionSummary start(NodeSettings settings, SessionSpec spec, Dataset dataset, Progress progress) {
        return drive(settings, spec.id(), false, true, progress, ref -> ref.askWithStatus(
                replyTo -> new SessionActor.Start(spec, dataset, replyTo), AlpNode.askTimeout()));
    }

    /** A session to start: its spec and its frozen dataset (null: the simulated world samples its cases). */
    public record Submission(SessionSpec spec, Dataset dataset) {
    }

    /** Starts several sessions on a cluster through one client node, and returns once each has started. */
    public static List<SessionSummary> startDetached(NodeSettings settings, List<Submission> submissions) {
        String ids = String.join(", ", submissions.stream().map(s -> s.spec().id()).toList());
        return withNode(settings, ids, node -> submissions.stream().map(s -> startOn(node, s)).toList());
    }

    /** Starts a session on a node that is up, and returns once it has started (it goes on in the cluster). */
    public static SessionSummary startOn(AlpNode node, Submission s) {
        return await(SessionActor.ref(node.system(), s.spec().id()).askWithStatus(
                replyTo -> new SessionActor.Start(s.spec(), s.dataset(), replyTo), AlpNode.askTimeout()));
    }

    public static SessionSummary resume(NodeSettings settings, String sessionId, Progress progress) {
        return resume(settings, sessionId, progress, true);
    }

    public static SessionSummary resume(NodeSettings settings, String sessionId, Progress progress, boolean follow) {
        return drive(settings, sessionId, true, follow, progress,
                ref -> ref.askWithStatus(SessionActor.Resume::new, AlpNode.askTimeout()));
    }

    /** How {@link #stop} found the session: {@code now} is false when it had already stopped. */
    public record Stopped(SessionSummary summary, boolean now) {
    }

    /** Stops a running session (its state so far is kept); a session that already ended is only reported. */
    public static Stopped stop(NodeSettings settings, String sessionId) {
        return withNode(settings, sessionId, node -> stopOn(node, sessionId));
    }

    /** {@link #stop} through a node that is up. */
    public static Stopped stopOn(AlpNode node, String sessionId) {
        requireKnown(node, sessionId);
        var ref = SessionActor.ref(node.system(), sessionId);
        SessionSummary now = await(ref.askWithStatus(SessionActor.GetSummary::new, AlpNode.askTimeout()));
        if (!SessionSummary.RUNNING.equals(now.status())) {
            return new Stopped(now, false);
        }
        return new Stopped(await(ref.askWithStatus(SessionActor.Stop::new, AlpNode.askTimeout())), true);
    }

    private static SessionSummary drive(NodeSettings settings, String sessionId, boolean resuming, boolean follow,
                                        Progress progress,
                                        Function<EntityRef<SessionActor.Command>, CompletionStage<SessionSummary>> first) {
        return withNode(settings, sessionId, node -> {
            if (resuming) {
                requireKnown(node, sessionId);
            }
            var ref = SessionActor.ref(node.system(), sessionId);
            SessionSummary summary = await(first.apply(ref));
            if (!follow) {
                return summary;
            }
            progress.started(summary);
            long lastProgress = System.nanoTime();
            while (SessionSummary.RUNNING.equals(summary.status())) {
                sleep(POLL);
                SessionSummary next = await(ref.askWithStatus(SessionActor.GetSummary::new, AlpNode.askTimeout()));
                if (next.spentUsd() != summary.spentUsd() || next.nodes() != summary.nodes()
                        || next.pending() != summary.pending() || next.reservedUsd() != summary.reservedUsd()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STUCK.toNanos()) {
                    throw UserError.badInput("session " + sessionId + " made no progress for " + STUCK.toMinutes()
                            + " minutes (see alp.log); it is saved and can be resumed: alp resume " + sessionId);
                }
                summary = next;
                progress.update(summary);
            }
            progress.finished(summary);
            return summary;
        });
    }

    /**
     * Starts this process's node (a client joins the cluster through its seeds and waits until it is a member),
     * runs {@code body}, then leaves: a client is removed from the cluster, not downed.
     */
    private static <T> T withNode(NodeSettings settings, String sessionId, Function<AlpNode, T> body) {
        boolean client = !settings.seeds().isEmpty();
        try (AlpNode node = AlpNode.start(settings, WORLDS)) {
            node.awaitUp(JOIN_TIMEOUT);
            return body.apply(node);
        } catch (Interrupted e) {
            Thread.currentThread().interrupt();
            throw UserError.badInput(client
                    ? "interrupted; the session goes on in the cluster (alp show " + sessionId + ")"
                    : "interrupted; resume the session with: alp resume " + sessionId);
        }
    }

    private static void requireKnown(AlpNode node, String sessionId) {
        if (node.reader().session(sessionId, 1).toCompletableFuture().join().isEmpty()) {
            throw UserError.notFound("no session with id '" + sessionId + "' (alp sessions lists them)");
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            throw new Interrupted(); // the flag is set again once the node has shut down
        }
    }

    /** The command's thread was interrupted while it waited. */
    private static final class Interrupted extends RuntimeException {
    }

    private static SessionSummary await(CompletionStage<SessionSummary> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw UserError.badInput(cause.getMessage());
        }
    }
}
