package io.alp.traffic.otlp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads OTLP/JSON as JSON Lines, one export request (or array of them) per line. A line that cannot be read is
 * reported with its number and skipped; reading goes on with the next line.
 */
final class JsonLinesReading {

    private final TraceFile file;
    private final OtlpLimits limits;
    private final SpanIntake intake;

    JsonLinesReading(TraceFile file, OtlpLimits limits, SpanIntake intake) {
        this.file = file;
        this.limits = limits;
        this.intake = intake;
    }

    void read() throws IOException {
        try (InputStream in = file.open()) {
            LineReader lines = new LineReader(in, limits.maxLineBytes());
            ExportRequestParser parser = new ExportRequestParser();
            while (nextLine(lines)) {
                if (!lines.tooLong() && lines.blank()) {
                    continue;
                }
                long number = lines.number();
                if (lines.tooLong()) {
                    String problem = "longer than " + (limits.maxLineBytes() >> 20) + " MB; skipped";
                    intake.failed(number, problem, "a file with a line over " + (limits.maxLineBytes() >> 20)
                            + " MB", false);
                    continue;
                }
                try {
                    parser.parseLine(lines.bytes(), lines.length(), number, intake);
                    intake.accepted();
                } catch (MalformedLineException e) {
                    boolean array = FormatGuess.opensArray(lines.bytes(), lines.length());
                    String looksLike = intake.anyAccepted() ? null
                            : FormatGuess.describe(lines.bytes(), lines.length(), e.getMessage());
                    intake.failed(number, e.getMessage(), looksLike, array);
                }
            }
        }
    }

    /** The next line; a gzip stream cut short ends the file with a problem instead of failing the read. */
    private boolean nextLine(LineReader lines) throws IOException {
        try {
            return lines.next();
        } catch (EOFException e) {
            intake.problem("the compressed file ends abruptly; the rest is lost", lines.number() + 1);
            return false;
        }
    }
}
