package io.alp.traffic;

import io.alp.engine.port.TrafficSource;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;

import java.util.List;
import java.util.function.Consumer;

/** Requests held in memory, as a traffic source for tests of what consumes sources. */
final class ListSource implements TrafficSource {

    private final List<Request> requests;

    ListSource(List<Request> requests) {
        this.requests = requests;
    }

    @Override
    public String describe() {
        return "test requests (" + requests.size() + ")";
    }

    @Override
    public ReadReport read(Consumer<Request> sink) {
        ReadReport.Builder report = new ReadReport.Builder(describe());
        for (Request r : requests) {
            report.record();
            report.request();
            sink.accept(r);
        }
        return report.build();
    }
}
