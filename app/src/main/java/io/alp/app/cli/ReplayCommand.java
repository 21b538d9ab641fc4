package io.alp.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.actors.query.SessionReplay;
import io.alp.app.UserError;
import io.alp.app.output.FrontierTable;
import io.alp.app.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild a session's tree and frontier from the journal alone, at any point of its history, "
                + "recomputing every score from the recorded per-case outcomes.")
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--at", paramLabel = "N", defaultValue = "9223372036854775807",
            description = "Replay only the session's first N events.")
    long at;

    @Option(names = "--json", description = "Print JSON: the session summary plus a 'replay' object.")
    boolean json;

    @Override
    public Integer call() {
        if (at < 1) {
            throw UserError.badInput("--at must be at least 1 (the session's first event), got " + at);
        }
        var result = Journal.read(data, a -> SessionReplay.replay(a.reader(), id, at))
                .orElseThrow(() -> Journal.unknown(id));
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.valueToTree(result.summary());
            ObjectNode replay = out.putObject("replay");
            replay.put("events", result.events());
            replay.put("totalEvents", result.totalEvents());
            replay.put("outcomesRecorded", result.outcomesRecorded());
            replay.set("discrepancies", mapper.valueToTree(result.discrepancies()));
            System.out.println(Json.write(out));
        } else {
            System.out.printf("replayed %d of %d session events, %d recorded case outcomes%n", result.events(),
                    result.totalEvents(), result.outcomesRecorded());
            System.out.print(FrontierTable.render(result.summary()));
            System.out.println(result.discrepancies().isEmpty() ? "journal consistent: every score and the frontier "
                    + "recomputed from the recorded outcomes agree" : "DISCREPANCIES:\n  "
                    + String.join("\n  ", result.discrepancies()));
        }
        return result.discrepancies().isEmpty() ? 0 : 1;
    }
}
