package io.alp.app.session;

import io.alp.actors.session.SessionSpec;
import io.alp.agentworld.AgentWorldSpec;
import io.alp.agentworld.AgentWorlds;
import io.alp.app.UserError;
import io.alp.engine.model.WorldSpec;

import java.nio.file.Path;

/** Where a session's model exchanges are recorded, and the spec of a session that records or replays them. */
public final class Recordings {

    private Recordings() {
    }

    public static Path file(Path workDir, String sessionId) {
        return workDir.resolve("recordings").resolve(sessionId + ".jsonl");
    }

    /** The same session, recording its model exchanges under the work directory. */
    public static SessionConfig.SessionSetup record(SessionConfig.SessionSetup setup, Path workDir) {
        SessionSpec spec = setup.spec();
        if (!AgentWorlds.isAgent(spec.world())) {
            throw UserError.badInput("--record: session " + spec.id() + " runs on the simulated world, which calls "
                    + "no model; recording is for sessions on a real agent");
        }
        var recording = new AgentWorldSpec.Recording(AgentWorldSpec.Recording.Mode.RECORD,
                file(workDir, spec.id()).toString());
        return new SessionConfig.SessionSetup(spec.withWorld(AgentWorlds.withRecording(spec.world(), recording)),
                setup.datasetId(), setup.traffic());
    }

    /** A new session that re-runs a recorded one offline: same world, dataset, seed and budget, answers replayed. */
    public static SessionSpec rerun(SessionSpec recorded, String rerunId) {
        if (!AgentWorlds.isAgent(recorded.world())) {
            throw UserError.badInput("session " + recorded.id() + " ran on the simulated world: it is re-run by "
                    + "starting its config again, there is no recording");
        }
        AgentWorldSpec.Recording recording = AgentWorlds.spec(recorded.world()).recording();
        if (recording.mode() != AgentWorldSpec.Recording.Mode.RECORD) {
            throw UserError.badInput("session " + recorded.id() + " was not recorded: run it with 'alp run --record' "
                    + "to re-run it offline later");
        }
        var replay = new AgentWorldSpec.Recording(AgentWorldSpec.Recording.Mode.REPLAY, recording.file());
        WorldSpec world = AgentWorlds.forSession(AgentWorlds.withRecording(recorded.world(), replay), rerunId);
        return new SessionSpec(rerunId, recorded.name() + " (offline re-run of " + recorded.id() + ")",
                world, recorded.datasetSize(), recorded.seed(), recorded.optimizer());
    }
}
