package io.alp.app.cli;

import io.alp.actors.session.SessionActor;
import io.alp.app.output.Json;
import io.alp.engine.report.SessionSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List every session in the journal.")
public final class SessionsCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    /** One line of the list; the JSON field names are relied on by other tools. */
    public record Row(String id, String name, String status, String stopReason, String world, boolean simulated,
                      double spentUsd, double budgetUsd, int nodes) {
        public static Row of(SessionSummary s) {
            return new Row(s.id(), s.name(), s.status(), s.stopReason(), s.world(), s.simulated(), s.spentUsd(),
                    s.budgetUsd(), s.nodes());
        }
    }

    @Override
    public Integer call() {
        List<Row> rows = !data.hasJournal() ? List.of() : Journal.read(data, access -> access.reader().sessionIds().thenCompose(ids -> {
            List<CompletableFuture<Optional<SessionActor.Active>>> all = ids.stream()
                    .map(id -> access.reader().session(id, Long.MAX_VALUE).toCompletableFuture()).toList();
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
                List<Row> out = new ArrayList<>();
                all.forEach(f -> f.join().ifPresent(a -> out.add(Row.of(a.summary()))));
                return out;
            });
        }));
        if (json) {
            System.out.println(Json.write(rows));
            return 0;
        }
        if (rows.isEmpty()) {
            System.out.println("no sessions yet (alp demo runs one)");
            return 0;
        }
        String format = "%-36s %-8s %-18s %10s %10s %5s  %s%n";
        System.out.printf(format, "ID", "STATUS", "STOPPED BECAUSE", "SPENT", "BUDGET", "NODES", "WORLD");
        for (Row r : rows) {
            System.out.printf(format, r.id(), r.status(), r.stopReason() == null ? "" : r.stopReason(),
                    String.format("$%.2f", r.spentUsd()), String.format("$%.2f", r.budgetUsd()), r.nodes(),
                    r.world() + (r.simulated() ? " (simulated)" : ""));
        }
        return 0;
    }
}
