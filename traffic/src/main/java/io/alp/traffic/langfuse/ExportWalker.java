package io.alp.traffic.langfuse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.read.Json;
import io.alp.traffic.read.TextFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Finds the layout of a Langfuse export file and walks it. When the first JSON value fits on its first line the
 * file is JSON Lines, read line by line so that a bad line is skipped; otherwise it is one JSON document (an
 * array or an API page over many lines), streamed with one parser, where a syntax error ends the reading.
 */
final class ExportWalker {

    private final Path file;
    private final String fileName;
    private final ExportHandler handler;
    private final TraceItems items;

    ExportWalker(Path file, ExportHandler handler) {
        this.file = file;
        this.fileName = TextFiles.name(file);
        this.handler = handler;
        this.items = new TraceItems(fileName, handler);
    }

    void walk() {
        long jsonLinesAfter = firstValue();
        if (jsonLinesAfter > 0) {
            linesAfter(jsonLinesAfter);
        }
    }

    /**
     * Reads the first JSON value, and the whole rest of the file when that value spans several lines.
     *
     * @return the line of the first value when the file is JSON Lines (reading goes on after it), else 0
     */
    private long firstValue() {
        try (BufferedReader in = TextFiles.open(file); JsonParser parser = Json.MAPPER.createParser(in)) {
            long firstLine = 0;
            try {
                if (parser.nextToken() == null) {
                    return 0;
                }
                firstLine = parser.currentTokenLocation().getLineNr();
                items.root(parser, 0);
                if (parser.currentTokenLocation().getLineNr() == firstLine) {
                    return firstLine;
                }
                restOfDocument(parser);
                return 0;
            } catch (JsonProcessingException e) {
                long errorLine = e.getLocation() == null ? firstLine : e.getLocation().getLineNr();
                if (firstLine == 0 || errorLine == firstLine) {
                    handler.unreadableLine(fileName + " line " + errorLine, e.getOriginalMessage());
                    return errorLine;
                }
                handler.brokenDocument(fileName + " line " + errorLine, e.getOriginalMessage());
                return 0;
            }
        } catch (IOException e) {
            throw new TrafficFormatException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void restOfDocument(JsonParser parser) throws IOException {
        try {
            while (parser.nextToken() != null) {
                items.root(parser, 0);
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? parser.currentLocation().getLineNr() : e.getLocation().getLineNr();
            handler.brokenDocument(fileName + " line " + line, e.getOriginalMessage());
        }
    }

    private void linesAfter(long firstLine) {
        try (BufferedReader in = TextFiles.open(file)) {
            TextFiles.skipLines(in, firstLine);
            long number = firstLine;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank()) {
                    oneLine(line, number);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new TrafficFormatException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void oneLine(String line, long number) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(line)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                items.root(parser, number - 1);
            }
        } catch (JsonProcessingException e) {
            handler.unreadableLine(fileName + " line " + number, e.getOriginalMessage());
        }
    }
}
