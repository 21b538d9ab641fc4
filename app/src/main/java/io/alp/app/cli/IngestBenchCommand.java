package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.output.Json;
import io.alp.traffic.bench.IngestBench;
import io.alp.traffic.bench.SyntheticOtlpTraces;
import io.alp.traffic.bench.TraceFileFormats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Time reading OTLP traces on one thread: a generated file of agent traces (or --file), "
                + "spans per second and peak heap, as JSON Lines, one pretty-printed JSON array or framed protobuf "
                + "(--format). Set the heap with ALP_JAVA_OPTS=-Xmx256m to see it stay bounded.")
public final class IngestBenchCommand implements Callable<Integer> {

    @Option(names = "--spans", defaultValue = "1000000", description = "Spans to generate (default: ${DEFAULT-VALUE}).")
    long spans;

    @Option(names = "--runs", defaultValue = "2", description = "Timed reads (default: ${DEFAULT-VALUE}; the first "
            + "includes JIT warm-up).")
    int runs;

    @Option(names = "--file", paramLabel = "FILE", description = "Read this OTLP/JSON file instead of generating one.")
    Path file;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the generated file (default: the "
            + "temporary directory); it is deleted afterwards.")
    Path dir;

    @Option(names = "--json", description = "Print one row per run as JSON.")
    boolean json;

    @Option(names = "--format", defaultValue = "jsonl", description = "Encoding of the generated file: jsonl, "
            + "pretty (one pretty-printed JSON array) or protobuf (the Collector file exporter's framing); "
            + "default: ${DEFAULT-VALUE}.")
    String format;

    /** One run as {@code --json} prints it. */
    public record Row(int run, double fileMb, long spans, long requests, long malformed, double seconds,
                      double spansPerSecond, double mbPerSecond, double peakHeapMb, double maxHeapMb) {
        static Row of(int run, IngestBench.Figures f) {
            return new Row(run, f.fileMb(), f.spans(), f.requests(), f.malformed(), f.seconds(), f.spansPerSecond(),
                    f.mbPerSecond(), f.peakHeapBytes() / 1e6, f.maxHeapBytes() / 1e6);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (spans < 1 || runs < 1) {
            throw UserError.badInput("--spans and --runs must be at least 1");
        }
        Path target = file != null ? file : (dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir")))
                .resolve("alp-ingest-bench-" + ProcessHandle.current().pid()
                + (format.equals("protobuf") ? ".binpb" : format.equals("pretty") ? ".json" : ".jsonl"));
        if (file != null && !Files.isRegularFile(file)) {
            throw UserError.badInput("no file at " + file.toAbsolutePath());
        }
        if (!List.of("jsonl", "pretty", "protobuf").contains(format)) {
            throw UserError.badInput("--format must be jsonl, pretty or protobuf, got " + format);
        }
        try {
            if (file == null) {
                SyntheticOtlpTraces.Written w = SyntheticOtlpTraces.write(target, spans, 42);
                if (!format.equals("jsonl")) {
                    Path lines = target.resolveSibling(target.getFileName() + ".lines");
                    Files.move(target, lines);
                    try {
                        if (format.equals("pretty")) {
                            TraceFileFormats.toPrettyArray(lines, target);
                        } else {
                            TraceFileFormats.toFramedProtobuf(lines, target);
                        }
                    } finally {
                        Files.deleteIfExists(lines);
                    }
                }
                System.err.printf(Locale.ROOT, "generated %s (%s): %,d spans in %,d traces, %.1f MB%n", target,
                        format, w.spans(), w.traces(), Files.size(target) / 1e6);
            }
            List<Row> rows = new ArrayList<>();
            if (!json) {
                System.out.printf(Locale.ROOT, "%-4s %10s %12s %10s %9s %12s %8s %14s %10s%n", "run", "file MB",
                        "spans", "requests", "seconds", "spans/s", "MB/s", "peak heap MB", "max heap MB");
            }
            for (int run = 1; run <= runs; run++) {
                Row r = Row.of(run, IngestBench.run(target));
                rows.add(r);
                if (!json) {
                    System.out.printf(Locale.ROOT, "%-4d %10.1f %,12d %,10d %9.2f %,12.0f %8.1f %14.1f %10.0f%n",
                            r.run(), r.fileMb(), r.spans(), r.requests(), r.seconds(), r.spansPerSecond(),
                            r.mbPerSecond(), r.peakHeapMb(), r.maxHeapMb());
                }
            }
            if (json) {
                System.out.println(Json.write(rows));
            }
            return 0;
        } finally {
            if (file == null) {
                Files.deleteIfExists(target);
            }
        }
    }
}
