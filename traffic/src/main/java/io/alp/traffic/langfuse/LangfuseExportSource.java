package io.alp.traffic.langfuse;

import io.alp.engine.port.TrafficSource;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.traffic.read.TextFiles;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A Langfuse trace export: a JSON array of traces, a page of the public API ({@code GET /api/public/traces},
 * {@code {"data": [...], "meta": {...}}}, with observations as objects or as ids), a single trace, or JSON Lines
 * of traces or pages. One request per trace; the file is streamed, one trace in memory at a time.
 */
public final class LangfuseExportSource implements TrafficSource {

    private final Path file;

    public LangfuseExportSource(Path file) {
        this.file = file;
    }

    @Override
    public String describe() {
        return "Langfuse traces in " + file;
    }

    @Override
    public ReadReport read(Consumer<Request> sink) {
        ReadReport.Builder report = new ReadReport.Builder(describe());
        TraceCollector collector = new TraceCollector(TextFiles.name(file), report, sink);
        new ExportWalker(file, collector).walk();
        collector.finish();
        return report.build();
    }
}
