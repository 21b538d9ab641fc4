package io.alp.app.cli;

import io.alp.app.ConfigFiles;
import io.alp.app.UserError;
import io.alp.app.output.Json;
import io.alp.app.session.SessionDatasets;
import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.LlmCall;
import io.alp.engine.traffic.Problem;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.Skipped;
import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.DatasetFreezer;
import io.alp.traffic.config.TrafficConfig;
import io.alp.traffic.store.DatasetInfo;
import io.alp.traffic.store.DatasetReport;
import io.alp.traffic.store.StoredCase;
import io.alp.traffic.store.StoredDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Sample production traffic into frozen datasets, and read them.",
        subcommands = {DatasetCommand.Sample.class, DatasetCommand.ListDatasets.class, DatasetCommand.Show.class})
public final class DatasetCommand {

    /**
     * What {@code sample --json} prints: the dataset's header, whether it already existed (the same cases were
     * stored before: nothing new was stored) and this run's report of reading and sampling.
     */
    public record Sampled(String id, String contentHash, String name, String source, String policy,
                          String createdAt, int size, boolean alreadyExisted, DatasetReport report) {
        static Sampled of(DatasetFreezer.Frozen frozen) {
            DatasetInfo i = frozen.dataset().info();
            return new Sampled(i.id(), i.contentHash(), i.name(), i.source(), i.policy(), i.createdAt().toString(),
                    i.size(), !frozen.created(), frozen.report());
        }
    }

    /** A dataset's header as {@code --json} prints it. */
    public record Header(String id, String contentHash, String name, String source, String policy, String createdAt,
                         int size, DatasetReport report) {
        public static Header of(DatasetInfo i) {
            return new Header(i.id(), i.contentHash(), i.name(), i.source(), i.policy(), i.createdAt().toString(),
                    i.size(), i.report());
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "Read a traffic source, sample it under a policy (debug, improve, regression), redact it, "
                    + "and freeze the result in the database.")
    static final class Sample implements Callable<Integer> {

        @Mixin
        DatabaseOption data;

        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "YAML with source, policy and redact sections.")
        Path config;

        @Option(names = "--json", description = "Print the frozen dataset's header, whether it already existed and "
                + "this run's report as JSON.")
        boolean json;

        @Override
        public Integer call() {
            TrafficConfig traffic = load(config, Instant.now());
            DatasetFreezer.Frozen frozen;
            try {
                frozen = new DatasetFreezer(SessionDatasets.open(data.settings())).freeze(traffic,
                        config.getFileName().toString(), System.getenv(), Instant.now());
            } catch (TrafficFormatException | IllegalArgumentException e) {
                throw UserError.badInput(e.getMessage());
            }
            DatasetInfo info = frozen.dataset().info();
            if (json) {
                System.out.println(Json.write(Sampled.of(frozen)));
                return 0;
            }
            DatasetReport r = frozen.report();
            System.out.printf("%s %s: %d cases from %s%n", frozen.created() ? "froze" : "already stored as",
                    info.id(), info.size(), info.source());
            System.out.println("  policy: " + info.policy());
            if (frozen.read() != null) {
                System.out.printf("  this run read %d records, %d requests; %d outside the window, %d filtered out, "
                        + "%d already in the base dataset%n", r.recordsRead(), r.requestsRead(), r.outsideWindow(),
                        r.filteredOut(), r.excluded());
                printStrata(r);
                printSkipped(r);
                printMalformed(r);
            }
            return 0;
        }

        private static void printSkipped(DatasetReport r) {
            for (Map.Entry<String, Skipped> e : r.skipped().entrySet()) {
                System.out.printf("  left out %d: %s, e.g. %s%n", e.getValue().count(), e.getKey(),
                        e.getValue().example());
            }
        }

        private static void printStrata(DatasetReport r) {
            for (Map.Entry<String, Long> e : r.available().entrySet()) {
                System.out.printf("  %-24s %6d chosen of %d%n", e.getKey(), r.chosen().getOrDefault(e.getKey(), 0),
                        e.getValue());
            }
        }

        private static void printMalformed(DatasetReport r) {
            if (r.malformed() == 0) {
                return;
            }
            System.out.printf("  skipped %d malformed record%s:%n", r.malformed(), r.malformed() == 1 ? "" : "s");
            for (Problem p : r.problems()) {
                System.out.println("    " + p);
            }
            if (r.malformed() > r.problems().size()) {
                System.out.printf("    ... and %d more%n", r.malformed() - r.problems().size());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the frozen datasets.")
    static final class ListDatasets implements Callable<Integer> {

        @Mixin
        DatabaseOption data;

        @Option(names = "--json", description = "Print a JSON array of dataset headers.")
        boolean json;

        @Override
        public Integer call() {
            List<DatasetInfo> all = data.hasDatasets() ? SessionDatasets.open(data.settings()).list() : List.of();
            if (json) {
                System.out.println(Json.write(all.stream().map(Header::of).toList()));
                return 0;
            }
            if (all.isEmpty()) {
                System.out.println("no datasets yet (alp dataset sample --config FILE makes one)");
            }
            for (DatasetInfo i : all) {
                System.out.printf("%-16s %6d cases  %s  %-20s %s | %s%n", i.id(), i.size(),
                        i.createdAt().toString().substring(0, 19).replace('T', ' '), i.name(), i.source(),
                        i.policy());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a frozen dataset and its cases.")
    static final class Show implements Callable<Integer> {

        /**
         * A case as {@code --json} prints it: what it asks, and what production did with it (null for a generated
         * case): the answer, each model call, scores and feedback, whether it ended in an error, its session.
         */
        public record CaseRow(int ordinal, String id, String traceId, String spanId, String sessionId, String input,
                              String output, Boolean error, List<LlmCall> calls, Long inputTokens,
                              Long outputTokens, Double costUsd, List<Feedback> feedback,
                              Map<String, String> attributes) {
        }

        /** The whole dataset as {@code --json} prints it. */
        public record DatasetJson(Header dataset, List<CaseRow> cases) {
        }

        @Mixin
        DatabaseOption data;

        @Parameters(paramLabel = "ID", description = "Dataset id (alp dataset list).")
        String id;

        @Option(names = "--limit", defaultValue = "20", description = "Cases to print (default: ${DEFAULT-VALUE}; "
                + "--json prints all).")
        int limit;

        @Option(names = "--json", description = "Print the header and every case as JSON.")
        boolean json;

        @Override
        public Integer call() {
            StoredDataset d = Datasets.find(data, id);
            List<CaseRow> rows = d.cases().stream().map(Show::row).toList();
            if (json) {
                System.out.println(Json.write(new DatasetJson(Header.of(d.info()), rows)));
                return 0;
            }
            DatasetInfo i = d.info();
            System.out.printf("%s  %s%n  %d cases, content hash %s%n  source: %s%n  policy: %s%n  frozen %s%n",
                    i.id(), i.name(), i.size(), i.contentHash(), i.source(), i.policy(), i.createdAt());
            for (CaseRow c : rows.subList(0, Math.min(Math.max(limit, 0), rows.size()))) {
                boolean ownTrace = c.traceId() != null && !c.id().startsWith(c.traceId());
                System.out.printf("  %4d  %s%s  %s%n", c.ordinal(), c.id(), ownTrace ? " (trace " + c.traceId() + ")"
                        : "", oneLine(c.input(), 80));
            }
            if (rows.size() > limit) {
                System.out.printf("  ... %d more (--limit N, or --json for all)%n", rows.size() - limit);
            }
            return 0;
        }

        private static CaseRow row(StoredCase c) {
            Request r = c.request();
            if (r == null) {
                return new CaseRow(c.ordinal(), c.c().id(), null, null, null, c.c().input(), null, null, List.of(),
                        null, null, null, List.of(), c.c().attributes());
            }
            return new CaseRow(c.ordinal(), c.c().id(), r.traceId(), r.spanId(), r.conversationId(), c.c().input(),
                    r.output(), r.error(), r.calls(), r.inputTokens(), r.outputTokens(), r.costUsd(), r.feedback(),
                    c.c().attributes());
        }

        private static String oneLine(String text, int max) {
            String flat = text.replaceAll("\\s+", " ").strip();
            return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
        }
    }

    static TrafficConfig load(Path file, Instant now) {
        return ConfigFiles.parse(file, "traffic config",
                root -> TrafficConfig.parse(root.asMap(), file.toAbsolutePath().getParent(), now));
    }
}
