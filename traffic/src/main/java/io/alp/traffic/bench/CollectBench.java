package io.alp.traffic.bench;

import io.alp.engine.traffic.ReadReport;
import io.alp.traffic.collect.OtlpReceiver;
import io.alp.traffic.collect.TraceStore;
import io.alp.traffic.otlp.OtlpLimits;
import io.alp.traffic.otlp.OtlpTraceSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many spans per second the OTLP/HTTP receiver takes on loopback, and whether every acknowledged span is in
 * the store: generated agent traces are posted as protobuf export requests by several client threads at once, then
 * the store is read back and its spans counted.
 */
public final class CollectBench {

    /** One run: spans sent and acknowledged, requests refused or failed, spans read back from the store. */
    public record Figures(long requests, long spansSent, long spansAcknowledged, long failedRequests,
                          long spansStored, double seconds) {

        public double spansPerSecond() {
            return spansAcknowledged / seconds;
        }

        public long lost() {
            return spansAcknowledged - spansStored;
        }
    }

    private CollectBench() {
    }

    /** @param dir where the traces and the store are written (deleted afterwards) */
    public static Figures run(Path dir, long spans, int clients, int receiverThreads) throws Exception {
        Path lines = dir.resolve("bench-traces.jsonl");
        SyntheticOtlpTraces.write(lines, spans, 7);
        List<byte[]> bodies = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(lines, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                var request = TraceFileFormats.protobuf(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(line));
                bodies.add(request.toByteArray());
                counts.add(request.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
                        .mapToInt(s -> s.getSpansCount()).sum());
            }
        }
        Files.delete(lines);
        Path storeDir = dir.resolve("bench-store");
        ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < bodies.size(); i++) {
            todo.add(i);
        }
        AtomicLong sent = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long started;
        double seconds;
        try (OtlpReceiver receiver = new OtlpReceiver(InetAddress.getLoopbackAddress(), 0, null,
                new TraceStore(storeDir, 1L << 40, null, 64L << 20), receiverThreads)) {
            URI uri = URI.create("http://127.0.0.1:" + receiver.port() + "/v1/traces");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            List<Thread> threads = new ArrayList<>();
            started = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> {
                    for (Integer i = todo.poll(); i != null; i = todo.poll()) {
                        sent.addAndGet(counts.get(i));
                        try {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri)
                                    .header("Content-Type", "application/x-protobuf")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() == 200) {
                                acknowledged.addAndGet(counts.get(i));
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }, "bench-client-" + c);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            seconds = (System.nanoTime() - started) / 1e9;
        }
        ReadReport stored = new OtlpTraceSource(TraceStore.segments(storeDir), "bench store", OtlpLimits.DEFAULT)
                .read(r -> { });
        for (Path p : TraceStore.segments(storeDir)) {
            Files.delete(p);
        }
        Files.deleteIfExists(storeDir);
        return new Figures(bodies.size(), sent.get(), acknowledged.get(), failed.get(), stored.records(), seconds);
    }
}
