package io.alp.traffic.otlp;

import io.alp.engine.traffic.TrafficFormatException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP trace file, plain or gzipped (by content, whatever its name), and how its spans are encoded:
 * <ul>
 *   <li>OTLP/JSON as JSON Lines, one export request (or an array of them) per line: the Collector's file exporter
 *       with {@code format: json}, and the OTLP file exporter specification;</li>
 *   <li>OTLP/JSON as one document over many lines: a pretty-printed export request, an array of them, or a
 *       Tempo export ({@code {"batches": [...]}} with {@code instrumentationLibrarySpans} or {@code scopeSpans});</li>
 *   <li>OTLP protobuf {@code ExportTraceServiceRequest}s, each preceded by its size as a 4-byte big-endian
 *       unsigned integer, as the Collector's file exporter writes them with {@code format: proto}; or one bare
 *       message, as an OTLP/HTTP request body saved to a file.</li>
 * </ul>
 */
final class TraceFile {

    enum Encoding { JSON_LINES, JSON_DOCUMENT, PROTOBUF }

    private final Path path;

    TraceFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The file from its start, decompressed. */
    InputStream open() {
        if (!Files.exists(path)) {
            throw new TrafficFormatException("cannot read OTLP traces: " + path + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new TrafficFormatException("cannot read OTLP traces: " + path + " is a directory, not a file");
        }
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            in.mark(4);
            byte[] magic = in.readNBytes(4);
            in.reset();
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                return new GZIPInputStream(in, 1 << 16);
            }
            if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                    && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
                in.close();
                throw new TrafficFormatException(path + " is zstd-compressed (the Collector's file exporter with "
                        + "compression: zstd); decompress it first (zstd -d " + path.getFileName() + ")");
            }
            return in;
        } catch (IOException e) {
            throw new TrafficFormatException("cannot read OTLP traces from " + path + ": " + e, e);
        }
    }

    /** Decides the encoding from the first bytes and, for JSON, from whether the first line is a whole value. */
    Encoding encoding(int maxLineBytes) {
        try (InputStream in = open()) {
            byte[] head = in.readNBytes(512);
            // JSON never holds raw control characters besides whitespace; protobuf nearly always does early on
            boolean binary = false;
            for (byte c : head) {
                binary |= c >= 0 && c < 0x20 && c != '\t' && c != '\n' && c != '\r';
            }
            if (binary && head.length > 0 && (head[0] == 0x00 || head[0] == 0x0A)) {
                return Encoding.PROTOBUF;
            }
            int i = 0;
            while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'
                    || head[i] == (byte) 0xEF || head[i] == (byte) 0xBB || head[i] == (byte) 0xBF)) {
                i++;
            }
            if (!binary && i < head.length && (head[i] == '{' || head[i] == '[')) {
                return firstLineIsWhole(maxLineBytes) ? Encoding.JSON_LINES : Encoding.JSON_DOCUMENT;
            }
            return Encoding.JSON_LINES; // not OTLP at all: the line reader says what the first lines look like
        } catch (IOException e) {
            throw new TrafficFormatException("cannot read OTLP traces from " + path + ": " + e.getMessage(), e);
        }
    }

    /** A compressed file cut short ends here; the reading proper reports the cut. */
    private static boolean nextOrCut(LineReader lines) throws IOException {
        try {
            return lines.next();
        } catch (java.io.EOFException e) {
            return false;
        }
    }

    private boolean firstLineIsWhole(int maxLineBytes) throws IOException {
        try (InputStream in = open()) {
            LineReader lines = new LineReader(in, maxLineBytes);
            while (nextOrCut(lines)) {
                if (lines.tooLong()) {
                    return false;
                }
                if (!lines.blank()) {
                    return JsonValues.whole(lines.bytes(), lines.length());
                }
            }
            return true;
        }
    }
}
