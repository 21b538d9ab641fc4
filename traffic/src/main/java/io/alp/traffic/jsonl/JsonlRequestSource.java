package io.alp.traffic.jsonl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.port.TrafficSource;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.read.BadRecordException;
import io.alp.traffic.read.FlatRequest;
import io.alp.traffic.read.ForeignFormatGuard;
import io.alp.traffic.read.Json;
import io.alp.traffic.read.Shape;
import io.alp.traffic.read.TextFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * ALP's own JSON Lines format: one request object per line, in the flat schema of {@code traffic/JSONL.md}.
 * Bad lines are counted and skipped; a file whose first lines are another format is refused.
 */
public final class JsonlRequestSource implements TrafficSource {

    private static final String EXPECTED = "ALP JSONL (one request object per line)";

    private final Path file;
    private final String name;

    public JsonlRequestSource(Path file) {
        this.file = file;
        this.name = TextFiles.name(file);
    }

    @Override
    public String describe() {
        return "ALP JSONL requests in " + file;
    }

    @Override
    public ReadReport read(Consumer<Request> sink) {
        // checked before reading lines: a minified array is one line as long as the file
        if (TextFiles.firstNonBlank(file) == '[') {
            throw new TrafficFormatException(name + " is not " + EXPECTED + ": it is "
                    + DocumentSniffer.describe(file));
        }
        ReadReport.Builder report = new ReadReport.Builder(describe());
        ForeignFormatGuard guard = new ForeignFormatGuard(name, EXPECTED, "line", "lines");
        try (BufferedReader in = TextFiles.open(file)) {
            long number = 0;
            boolean first = true;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                report.record();
                readLine(line, name + " line " + number, first, report, guard, sink);
                first = false;
            }
        } catch (IOException e) {
            throw new TrafficFormatException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        guard.finish();
        return report.build();
    }

    private void readLine(String line, String location, boolean first, ReadReport.Builder report,
                          ForeignFormatGuard guard, Consumer<Request> sink) {
        JsonNode node;
        try {
            node = Json.parseWhole(line);
        } catch (JsonProcessingException e) {
            report.malformed(location, "not JSON (" + e.getOriginalMessage() + ")");
            String start = line.strip();
            boolean documentStart = first && start.startsWith("{");
            guard.foreign(documentStart ? "one JSON document over several lines: " + DocumentSniffer.describe(file)
                    : "text that is not JSON");
            return;
        }
        if (node.isArray()) {
            report.malformed(location, "a JSON array, not a request object");
            guard.foreign("a JSON array, not one object per line");
            return;
        }
        if (!node.isObject()) {
            report.malformed(location, "not a JSON object");
            guard.otherFailure();
            return;
        }
        if ((node.path("observations").isArray() || node.path("scores").isArray())
                && Shape.of(node) == Shape.LANGFUSE_TRACE) {
            // a Langfuse trace has an id and an input too, but read as a flat request it would lose its calls
            report.malformed(location, "looks like a Langfuse trace (observations or scores), not an ALP request");
            guard.foreign(Shape.LANGFUSE_TRACE.description());
            return;
        }
        Request request;
        try {
            request = FlatRequest.from(node);
        } catch (BadRecordException e) {
            Shape shape = Shape.of(node);
            if (shape != null && shape != Shape.ALP_REQUEST) {
                report.malformed(location, e.getMessage() + "; the line looks like " + shape);
                guard.foreign(shape.description());
            } else {
                report.malformed(location, e.getMessage());
                guard.otherFailure();
            }
            return;
        }
        guard.accepted();
        report.request();
        sink.accept(request);
    }
}
