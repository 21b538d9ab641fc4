package io.alp.traffic;

import io.alp.engine.dataset.NormalizedInput;
import io.alp.engine.dataset.Redactor;
import io.alp.engine.dataset.RequestCases;
import io.alp.engine.dataset.RequestSampler;
import io.alp.engine.dataset.Sample;
import io.alp.engine.dataset.SamplingPolicy;
import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.port.TrafficSource;
import io.alp.engine.traffic.FeedbackRules;
import io.alp.engine.traffic.Problem;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.Skipped;
import io.alp.traffic.config.TrafficConfig;
import io.alp.traffic.store.DatasetReport;
import io.alp.traffic.store.DatasetStore;
import io.alp.traffic.store.StoredCase;
import io.alp.traffic.store.StoredDataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Samples a traffic source under a policy and freezes the result in the dataset store. Every request is redacted
 * as it is read, before the sampler keeps it, so unredacted text is never held past one request nor stored; its
 * scores are judged by the feedback rules; a request without input is left out and counted, never stored.
 */
public final class DatasetFreezer {

    private final DatasetStore store;

    public DatasetFreezer(DatasetStore store) {
        this.store = store;
    }

    /**
     * A frozen dataset, whether this run created it (false: the same cases were already stored), what reading its
     * source found ({@code read} is null when no source was read) and what this run's reading and sampling found
     * ({@code report}, which differs from the stored one when the dataset already existed).
     */
    public record Frozen(StoredDataset dataset, boolean created, ReadReport read, DatasetReport report) {
    }

    /**
     * Freezes what a traffic config describes; its source is opened now, with {@code environment} supplying the
     * database password it names.
     *
     * @param defaultName the dataset's name when the config gives none
     */
    public Frozen freeze(TrafficConfig config, String defaultName, Map<String, String> environment, Instant now) {
        return freeze(config.name() == null ? defaultName : config.name(),
                config.source() == null ? null : config.source().open(environment), config.policy(),
                config.redactor(), config.feedback(), now);
    }

    public Frozen freeze(String name, TrafficSource source, SamplingPolicy policy, Redactor redactor, Instant now) {
        return freeze(name, source, policy, redactor, FeedbackRules.NONE, now);
    }

    /**
     * @param source the traffic to sample; may be null only for a regression without a top-up
     * @throws IllegalArgumentException when the regression's dataset does not exist, a needed source is missing,
     *                                  or no request fits the policy (nothing is stored then)
     */
    public Frozen freeze(String name, TrafficSource source, SamplingPolicy policy, Redactor redactor,
                         FeedbackRules feedback, Instant now) {
        StoredDataset base = null;
        Set<Long> excluded = Set.of();
        if (policy instanceof SamplingPolicy.Regression regression) {
            base = store.find(regression.datasetId()).orElseThrow(() -> new IllegalArgumentException(
                    "no frozen dataset " + regression.datasetId() + " (alp dataset list shows the stored ones)"));
            if (regression.topUp() == 0) {
                return new Frozen(base, false, null, base.info().report());
            }
            excluded = base.cases().stream().map(c -> NormalizedInput.hash(c.c().input())).collect(Collectors.toSet());
        }
        if (source == null) {
            throw new IllegalArgumentException(policy.describe() + " needs a traffic source");
        }
        RequestSampler sampler = RequestSampler.of(policy, now, excluded);
        Map<String, Skipped> skipped = new LinkedHashMap<>();
        ReadReport read = source.read(r -> {
            if (r.input().isBlank()) {
                skipped.merge(ReadReport.EMPTY_INPUT, new Skipped(1, new Problem("request " + r.id(),
                        "no input" + (r.traceId() == null || r.id().startsWith(r.traceId()) ? ""
                                : " (trace " + r.traceId() + ")"))), Skipped::plus);
                return;
            }
            sampler.accept(feedback.apply(redactor.apply(r)));
        });
        Sample sample = sampler.result();
        Map<String, Skipped> allSkipped = new LinkedHashMap<>(read.skipped());
        skipped.forEach((reason, s) -> allSkipped.merge(reason, s, Skipped::plus));
        if (sample.duplicateInputs() != null) {
            allSkipped.put(ReadReport.DUPLICATE_INPUT, sample.duplicateInputs());
        }
        if (sample.requests().isEmpty()) {
            throw new IllegalArgumentException("no request of " + source.describe() + " fits " + policy.describe()
                    + ": read " + read.requests() + " requests (" + read.malformed() + " malformed records skipped), "
                    + sample.outsideWindow() + " outside the window, " + sample.filteredOut() + " filtered out, "
                    + sample.excluded() + " already in the base dataset" + skippedNote(allSkipped)
                    + "; nothing stored");
        }
        List<Case> cases = new ArrayList<>();
        List<Request> requests = new ArrayList<>();
        if (base != null) {
            for (StoredCase c : base.cases()) {
                cases.add(c.c());
                requests.add(c.request());
            }
        }
        for (Request r : sample.requests()) {
            cases.add(RequestCases.of(r));
            requests.add(r);
        }
        String described = base == null ? source.describe() : base.info().source() + " + " + source.describe();
        Dataset dataset = Dataset.freeze(described, cases);
        DatasetReport report = new DatasetReport(read.records(), read.requests(), read.malformed(), read.problems(),
                sample.outsideWindow(), sample.filteredOut(), sample.excluded(), sample.available(), sample.chosen(),
                base == null ? null : base.info().id(), allSkipped);
        DatasetStore.Saved saved = store.save(dataset, name, policy.describe() + redactionNote(redactor)
                + (feedback.rules().isEmpty() ? "" : "; feedback: " + feedback.describe()), report, requests);
        return new Frozen(saved.dataset(), saved.created(), read, report);
    }

    private static String skippedNote(Map<String, Skipped> skipped) {
        StringBuilder note = new StringBuilder();
        skipped.forEach((reason, s) -> note.append(", ").append(s.count()).append(" ").append(reason)
                .append(" (e.g. ").append(s.example()).append(")"));
        return note.toString();
    }

    private static String redactionNote(Redactor redactor) {
        return redactor.rules().isEmpty() ? "" : "; redacted: " + redactor.rules().stream()
                .map(Redactor.Rule::name).collect(Collectors.joining(", "));
    }
}
