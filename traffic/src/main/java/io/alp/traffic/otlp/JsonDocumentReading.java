package io.alp.traffic.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.alp.engine.traffic.TrafficFormatException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads OTLP/JSON written as documents over many lines (pretty-printed export requests, arrays of them, Tempo
 * exports), one after another, with one streaming parser: spans are handed on as they are read, so the memory
 * needed does not grow with the document. Broken JSON ends the reading there, reported with its line.
 */
final class JsonDocumentReading {

    private final TraceFile file;
    private final SpanIntake intake;

    JsonDocumentReading(TraceFile file, SpanIntake intake) {
        this.file = file;
        this.intake = intake;
    }

    void read() throws IOException {
        ExportRequestParser parser = new ExportRequestParser();
        try (InputStream in = file.open(); JsonParser p = parser.factory().createParser(in)) {
            long line = 1;
            try {
                for (JsonToken token = p.nextToken(); token != null; token = p.nextToken()) {
                    line = p.currentTokenLocation().getLineNr();
                    try {
                        parser.parseValue(p, 0, intake);
                        intake.accepted();
                    } catch (MalformedLineException e) {
                        while (!p.getParsingContext().inRoot() && p.nextToken() != null) {
                            // skip the rest of the broken value
                        }
                        intake.failed(line, e.getMessage(), intake.anyAccepted() ? null : looksLike(e.getMessage()),
                                true);
                    }
                }
            } catch (JsonProcessingException e) {
                long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
                if (!intake.anyAccepted()) {
                    throw new TrafficFormatException(file.path() + " is not valid JSON at line " + at + ": "
                            + e.getOriginalMessage());
                }
                intake.problem("invalid JSON, nothing after it could be read (" + e.getOriginalMessage() + ")", at);
            } catch (EOFException e) {
                intake.problem("the compressed file ends abruptly; the rest is lost", p.currentLocation().getLineNr());
            }
        }
    }

    private String looksLike(String problem) {
        try (InputStream in = file.open()) {
            return FormatGuess.describe(JsonValues.firstObjectSkeleton(in), problem);
        } catch (IOException e) {
            return "a JSON document that is not an export request (" + problem + ")";
        }
    }
}
