package io.alp.traffic.bench;

import io.alp.engine.traffic.ReadReport;
import io.alp.traffic.otlp.OtlpTraceSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast, and in how much heap, an OTLP/JSON trace file is read on one thread: generates a synthetic file of
 * agent traces ({@link SyntheticOtlpTraces}), reads it with {@link OtlpTraceSource} and prints one table row per
 * run. Run it with a small {@code -Xmx} to show that the heap needed does not grow with the file.
 *
 * <pre>java -Xmx256m -cp ... io.alp.traffic.bench.IngestBench [spans=1000000] [runs=2] [dir=/tmp] [keep]
 * java -Xmx256m -cp ... io.alp.traffic.bench.IngestBench file=traces.jsonl [runs=2]</pre>
 *
 * The generated file is deleted afterwards unless {@code keep} is given; a {@code file=} one is only read.
 */
public final class IngestBench {

    /** One timed read. */
    public record Figures(long fileBytes, long spans, long requests, long malformed, double seconds,
                          long peakHeapBytes, long maxHeapBytes) {

        public double fileMb() {
            return fileBytes / 1e6;
        }

        public double spansPerSecond() {
            return spans / seconds;
        }

        public double mbPerSecond() {
            return fileMb() / seconds;
        }
    }

    private IngestBench() {
    }

    /** Times one read of {@code file}, sampling the heap in use every few milliseconds. */
    public static Figures run(Path file) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        System.gc();
        sampler.start();
        long started = System.nanoTime();
        ReadReport report = new OtlpTraceSource(file).read(request -> { });
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.interrupt();
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        return new Figures(Files.size(file), report.records(), report.requests(), report.malformed(), seconds,
                peak.get(), Runtime.getRuntime().maxMemory());
    }

    public static void main(String[] args) throws IOException {
        long spans = 1_000_000;
        int runs = 2;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        boolean keep = false;
        Path existing = null;
        for (String arg : args) {
            if (arg.startsWith("spans=")) {
                spans = Long.parseLong(arg.substring(6).replace("_", ""));
            } else if (arg.startsWith("runs=")) {
                runs = Integer.parseInt(arg.substring(5));
            } else if (arg.startsWith("dir=")) {
                dir = Path.of(arg.substring(4));
            } else if (arg.startsWith("file=")) {
                existing = Path.of(arg.substring(5));
            } else if (arg.equals("keep")) {
                keep = true;
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; use spans=N runs=N dir=PATH keep, or file=PATH runs=N");
            }
        }
        Path file = existing != null ? existing : dir.resolve("alp-ingest-bench-" + spans + ".jsonl");
        try {
            SyntheticOtlpTraces.Written written = null;
            if (existing == null) {
                long started = System.nanoTime();
                written = SyntheticOtlpTraces.write(file, spans, 42);
                System.out.printf(Locale.ROOT, "wrote %s: %,d spans, %,d traces, %,d lines, %.1f MB in %.1f s%n",
                        file, written.spans(), written.traces(), written.lines(), written.bytes() / 1e6,
                        (System.nanoTime() - started) / 1e9);
            }
            System.out.printf(Locale.ROOT, "%-4s %10s %12s %10s %9s %12s %8s %14s %10s%n", "run", "file MB",
                    "spans", "requests", "seconds", "spans/s", "MB/s", "peak heap MB", "-Xmx MB");
            for (int run = 1; run <= runs; run++) {
                Figures f = run(file);
                System.out.printf(Locale.ROOT, "%-4d %10.1f %,12d %,10d %9.2f %,12.0f %8.1f %14.1f %10.0f%n", run,
                        f.fileMb(), f.spans(), f.requests(), f.seconds(), f.spansPerSecond(), f.mbPerSecond(),
                        f.peakHeapBytes() / 1e6, f.maxHeapBytes() / 1e6);
                if (written != null && (f.requests() != written.traces() || f.malformed() != 0)) {
                    System.out.printf("MISMATCH: expected %d requests and no malformed records, read %d and %d%n",
                            written.traces(), f.requests(), f.malformed());
                }
            }
        } finally {
            if (existing == null && !keep) {
                Files.deleteIfExists(file);
            }
        }
    }
}
