package io.alp.traffic.bench;

import io.alp.engine.traffic.ReadReport;
import io.alp.traffic.otlp.OtlpTraceSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast, and in how much heap, an OTLP/JSON trace file is read on one thread: {@link #run} times one read with
 * {@link OtlpTraceSource} while sampling the heap in use. {@code alp bench ingest} runs it on a file of agent traces
 * from {@link SyntheticOtlpTraces}; with a small {@code -Xmx} it shows that the heap needed does not grow with the
 * file.
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
}
