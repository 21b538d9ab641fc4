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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Runs a session in this process on an embedded node, shows its progress, and returns how it ended. */
public final class SessionRunner {

    public static final List<WorldFactory> WORLDS = List.of(new SimWorldFactory());
    private static final Duration POLL = Duration.ofMillis(250);
    /** A session whose spend, nodes and pending work all stay still this long is reported as stuck. */
    private static final Duration STUCK = Duration.ofMinutes(5);

    private SessionRunner() {
    }

    /** @param dataset the session's frozen cases, or null to sample them from the simulated world */
    public static SessionSummary start(NodeSettings settings, SessionSpec spec, Dataset dataset, Progress progress) {
        return drive(settings, spec.id(), false, progress, ref -> ref.askWithStatus(
                replyTo -> new SessionActor.Start(spec, dataset, replyTo), AlpNode.askTimeout()));
    }

    public static SessionSummary resume(NodeSettings settings, String sessionId, Progress progress) {
        return drive(settings, sessionId, true, progress,
                ref -> ref.askWithStatus(SessionActor.Resume::new, AlpNode.askTimeout()));
    }

    private static SessionSummary drive(NodeSettings settings, String sessionId, boolean resuming, Progress progress,
                                        Function<org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<
                                                SessionActor.Command>, CompletionStage<SessionSummary>> first) {
        try (AlpNode node = AlpNode.start("alp", settings, WORLDS)) {
            if (resuming && node.reader().session(sessionId, 1).toCompletableFuture().join().isEmpty()) {
                throw UserError.notFound("no session with id '" + sessionId + "' (alp sessions lists them)");
            }
            var ref = SessionActor.ref(node.system(), sessionId);
            SessionSummary summary = await(first.apply(ref));
            progress.started(summary);
            long lastProgress = System.nanoTime();
            while (SessionSummary.RUNNING.equals(summary.status())) {
                Thread.sleep(POLL.toMillis());
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UserError.badInput("interrupted; resume the session with: alp resume " + sessionId);
        }
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
