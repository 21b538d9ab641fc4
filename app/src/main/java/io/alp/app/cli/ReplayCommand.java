package io.alp.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.actors.query.SessionReplay;
import io.alp.actors.session.SessionActor;
import io.alp.actors.session.SessionSpec;
import io.alp.app.session.Recordings;
import io.alp.app.session.RerunComparison;
import io.alp.app.session.SessionRunner;
import io.alp.engine.model.Dataset;
import io.alp.engine.report.SessionSummary;
import io.alp.app.UserError;
import io.alp.app.output.FrontierTable;
import io.alp.app.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild a session's tree and frontier from the journal alone, at any point of its history, "
                + "recomputing every score from the recorded per-case outcomes.")
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Parameters(paramLabel = "ID", description = "The session's id (alp sessions lists them).")
    String id;

    @Option(names = "--at", paramLabel = "N", defaultValue = "9223372036854775807",
            description = "Replay only the session's first N events.")
    long at;

    @Mixin
    SessionOutput output;

    @Option(names = "--rerun", description = "Run a recorded session again, offline, answering every model call from "
            + "its recording, as a new session; then compare its tree and frontier with the recorded one's.")
    boolean rerun;

    @Override
    public Integer call() {
        if (rerun) {
            return rerun();
        }
        if (at < 1) {
            throw UserError.badInput("--at must be at least 1 (the session's first event), got " + at);
        }
        var result = Journal.read(data, a -> SessionReplay.replay(a.reader(), id, at))
                .orElseThrow(() -> Journal.unknown(id));
        if (output.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.valueToTree(result.summary());
            ObjectNode replay = out.putObject("replay");
            replay.put("events", result.events());
            replay.put("totalEvents", result.totalEvents());
            replay.put("outcomesRecorded", result.outcomesRecorded());
            replay.set("discrepancies", mapper.valueToTree(result.discrepancies()));
            replay.put("frontierChecked", result.frontierChecked());
            System.out.println(Json.write(out));
        } else {
            System.out.printf("replayed %d of %d session events, %d recorded case outcomes%n", result.events(),
                    result.totalEvents(), result.outcomesRecorded());
            System.out.print(FrontierTable.render(result.summary()));
            if (!result.discrepancies().isEmpty()) {
                System.out.println("DISCREPANCIES:\n  " + String.join("\n  ", result.discrepancies()));
            } else if (result.frontierChecked()) {
                System.out.println("journal consistent: every score and the frontier recomputed from the recorded "
                        + "outcomes agree");
            } else {
                System.out.println("journal consistent: every score recomputed from the recorded outcomes agrees; "
                        + "the frontier shown is the recorded one (recorded under earlier frontier rules, or with "
                        + "nodes still pending, so not recomputed)");
            }
        }
        return result.discrepancies().isEmpty() ? 0 : 1;
    }

    private int rerun() {
        if (at != Long.MAX_VALUE) {
            throw UserError.badInput("--rerun runs the whole recorded session again; it takes no --at");
        }
        // the session and its cases in one read: an old journal's cases are known only to the reader that read it
        record Recorded(SessionActor.Active session, Dataset cases) {
        }
        Recorded read = Journal.read(data, a -> a.reader().session(id, Long.MAX_VALUE).thenApply(found -> found.map(
                s -> new Recorded(s, a.reader().dataset(s.started().dataset().id()))))).orElseThrow(
                () -> Journal.unknown(id));
        SessionActor.Active recorded = read.session();
        String rerunId = id + "-rerun-" + Long.toHexString(System.currentTimeMillis() % 0x1000000);
        SessionSpec spec = Recordings.rerun(recorded.started().spec(), rerunId);
        output.checkReportWritable();
        SessionSummary summary = SessionRunner.start(data.settings(), spec, read.cases(), output.progress());
        output.printTable(summary, output.json ? System.err : System.out);
        List<String> differences = RerunComparison.differences(recorded.search(),
                Journal.session(data, rerunId).search());
        if (output.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.valueToTree(summary);
            ObjectNode comparison = out.putObject("rerun");
            comparison.put("recordedSession", id);
            comparison.put("identical", differences.isEmpty());
            comparison.set("differences", mapper.valueToTree(differences));
            System.out.println(Json.write(out));
        } else {
            System.out.println(differences.isEmpty()
                    ? "re-run " + rerunId + " matches recorded session " + id + ": same tree, scores and frontier"
                    : "re-run " + rerunId + " DIFFERS from recorded session " + id + ":\n  "
                    + String.join("\n  ", differences));
        }
        return differences.isEmpty() ? 0 : 1;
    }
}
