package io.alp.traffic.collect;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Received OTLP export requests, appended to segment files in a directory as they arrive: protobuf requests framed
 * as the Collector's file exporter frames them (a 4-byte big-endian size before each message, {@code .binpb}),
 * JSON requests one per line ({@code .jsonl}). A segment is closed when it reaches its size or the encoding
 * changes; a new process starts a new segment. After each closed segment the oldest segments are deleted while the
 * directory holds more than the retained bytes or a segment's last write is older than the retained age. Appends are
 * serialized; a request is written whole before {@link #append} returns.
 */
public final class TraceStore implements Closeable {

    /** How a segment's requests are encoded. */
    public enum Encoding {
        PROTOBUF(".binpb"), JSON(".jsonl");

        private final String suffix;

        Encoding(String suffix) {
            this.suffix = suffix;
        }
    }

    private static final Pattern SEGMENT = Pattern.compile("traces-(\\d{12})\\.(binpb|jsonl)");

    private final Path dir;
    private final long retainBytes;
    private final Duration retainAge;
    private final long segmentBytes;
    private long sequence;
    private OutputStream out;
    private Encoding encoding;
    private long written;

    /**
     * @param retainBytes  the most the directory keeps; the oldest segments go first
     * @param retainAge    how long a segment is kept after its last write, or null for no age limit
     * @param segmentBytes when a segment is closed and a new one started
     */
    public TraceStore(Path dir, long retainBytes, Duration retainAge, long segmentBytes) {
        if (retainBytes < segmentBytes || segmentBytes < 1) {
            throw new IllegalArgumentException("the retained size must hold at least one segment of "
                    + segmentBytes + " bytes");
        }
        this.dir = dir;
        this.retainBytes = retainBytes;
        this.retainAge = retainAge;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the trace store " + dir + ": " + e.getMessage(), e);
        }
        List<Path> existing = segments(dir);
        sequence = existing.isEmpty() ? 0 : number(existing.get(existing.size() - 1)) + 1;
    }

    /** The segments of a store directory, oldest first. */
    public static List<Path> segments(Path dir) {
        List<Path> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches()).forEach(segments::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the trace store " + dir + ": " + e.getMessage(), e);
        }
        segments.sort((a, b) -> Long.compare(number(a), number(b)));
        return segments;
    }

    /** Appends one export request's bytes (JSON must be one JSON value; its line breaks become spaces). */
    public synchronized void append(Encoding as, byte[] body, int length) throws IOException {
        if (out == null || as != encoding || written >= segmentBytes) {
            rotate(as);
        }
        if (as == Encoding.PROTOBUF) {
            out.write(ByteBuffer.allocate(4).putInt(length).array());
            out.write(body, 0, length);
            written += 4L + length;
        } else {
            for (int i = 0; i < length; i++) {
                if (body[i] == '\n' || body[i] == '\r') {
                    body[i] = ' '; // JSON strings cannot hold raw line breaks, so these are whitespace
                }
            }
            out.write(body, 0, length);
            out.write('\n');
            written += length + 1L;
        }
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private void rotate(Encoding as) throws IOException {
        close();
        Path segment = dir.resolve(String.format("traces-%012d%s", sequence++, as.suffix));
        out = new java.io.BufferedOutputStream(Files.newOutputStream(segment), 1 << 16);
        encoding = as;
        written = 0;
        enforceRetention(segment);
    }

    private void enforceRetention(Path current) throws IOException {
        List<Path> segments = segments(dir);
        long total = 0;
        for (Path p : segments) {
            total += Files.size(p);
        }
        Instant oldest = retainAge == null ? null : Instant.now().minus(retainAge);
        for (Path p : segments) {
            if (p.equals(current)) {
                break;
            }
            boolean tooOld = oldest != null && Files.getLastModifiedTime(p).toInstant().isBefore(oldest);
            if (total + segmentBytes <= retainBytes && !tooOld) {
                continue;
            }
            total -= Files.size(p);
            Files.deleteIfExists(p);
        }
    }

    private static long number(Path segment) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
