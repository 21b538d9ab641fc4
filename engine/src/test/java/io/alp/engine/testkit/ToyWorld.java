package io.alp.engine.testkit;

import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.port.CandidateRunner;
import io.alp.engine.port.Judge;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.Materializer;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Proposer;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.CaseSampler;
import io.alp.engine.port.Verdict;
import io.alp.engine.port.World;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * TEST FAKE: a tiny deterministic world for engine tests, not the simulated world users see.
 *
 * <p>A candidate is a set of switched-on knobs, written as its source "k1,k3" (the baseline is ""). Each knob has a
 * fixed effect on the pass probability and on the cost per case. Case {@code i} of {@code n} passes exactly when
 * {@code (i + 0.5) / n < p}, so a candidate's pass-rate is a deterministic function of its knobs. A knob marked
 * broken cannot be applied. Every dollar the world charges is added to {@link #spentUsd()}, so a test can compare
 * what the ledger recorded with what was really spent.
 */
public final class ToyWorld {

    /** One knob: its edit class, what it adds to the pass probability and to the cost per case. */
    public record Knob(String name, EditClass editClass, double passDelta, double costDelta, boolean broken) {
        public static Knob of(String name, EditClass cls, double passDelta, double costDelta) {
            return new Knob(name, cls, passDelta, costDelta, false);
        }

        public static Knob broken(String name, EditClass cls) {
            return new Knob(name, cls, 0, 0, true);
        }
    }

    public static final double PROPOSER_COST = 0.05;
    public static final double MATERIALIZE_COST = 0.01;
    public static final double JUDGE_COST = 0.001;

    private final double basePass;
    private final double baseCost;
    private final Map<String, Knob> knobs = new LinkedHashMap<>();
    private double spentUsd;
    private int proposerCalls;
    private double capFactor = 1;

    public ToyWorld(double basePass, double baseCost, List<Knob> knobs) {
        this.basePass = basePass;
        this.baseCost = baseCost;
        knobs.forEach(k -> this.knobs.put(k.name(), k));
    }

    /**
     * Declares each case's cost cap {@code factor} times what a case really costs, as a real agent's per-case cap
     * sits far above its usual cost.
     */
    public ToyWorld withCapFactor(double factor) {
        this.capFactor = factor;
        return this;
    }

    /**
     * The standard toy: baseline 50% at $0.10 per case; "tool" strictly helps (+30 points, same cost), "cheap" trades
     * 10 points for half the cost, "verbose" strictly hurts (costs more, no gain), "broken" never applies.
     */
    public static ToyWorld standard() {
        return new ToyWorld(0.5, 0.10, List.of(
                Knob.of("tool", EditClass.TOOL, 0.3, 0.0),
                Knob.of("cheap", EditClass.ROUTING, -0.1, -0.05),
                Knob.of("verbose", EditClass.PROMPT, 0.0, 0.05),
                Knob.broken("broken", EditClass.SCAFFOLD)));
    }

    /** A world in which no edit helps: every knob costs more and gains nothing. */
    public static ToyWorld hopeless() {
        return new ToyWorld(0.5, 0.10, List.of(
                Knob.of("a", EditClass.PROMPT, 0.0, 0.02),
                Knob.of("b", EditClass.TOOL, -0.1, 0.01),
                Knob.of("c", EditClass.SCAFFOLD, -0.2, 0.03)));
    }

    public static Dataset dataset(int size) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            cases.add(new Case("c" + i, "toy request " + i,
                    Map.of("index", Integer.toString(i), "of", Integer.toString(size))));
        }
        return Dataset.freeze("toy traffic (test fake)", cases);
    }

    public World world() {
        return new World("toy world (test fake)", true, traffic(), proposer(), materializer(), runner(), judge());
    }

    public double passProbability(String source) {
        double p = basePass;
        for (String k : knobs(source)) {
            p += knobs.get(k).passDelta();
        }
        return Math.max(0, Math.min(1, p));
    }

    public double costPerCase(String source) {
        double c = baseCost;
        for (String k : knobs(source)) {
            c += knobs.get(k).costDelta();
        }
        return Math.max(0, c);
    }

    /** Every dollar this world has charged so far: proposer, materializer, runner and judge. */
    public synchronized double spentUsd() {
        return spentUsd;
    }

    public synchronized int proposerCalls() {
        return proposerCalls;
    }

    private synchronized void spend(double usd) {
        spentUsd += usd;
    }

    public static Edit edit(Knob k) {
        return new Edit(k.editClass(), "switch on " + k.name(), Map.of("knob", k.name()));
    }

    public Edit edit(String knob) {
        return edit(knobs.get(knob));
    }

    public static TreeSet<String> knobs(String source) {
        TreeSet<String> on = new TreeSet<>();
        for (String part : source.split(",")) {
            if (!part.isBlank()) {
                on.add(part.trim());
            }
        }
        return on;
    }

    private CaseSampler traffic() {
        return new CaseSampler() {
            @Override
            public String describe() {
                return "toy traffic (test fake)";
            }

            @Override
            public List<Case> sample(int size, long seed) {
                return dataset(size).cases();
            }
        };
    }

    private Proposer proposer() {
        return new Proposer() {
            @Override
            public CompletionStage<ProposalBatch> propose(Reflection r) {
                synchronized (ToyWorld.this) {
                    proposerCalls++;
                }
                TreeSet<String> have = knobs(r.sourceRef());
                List<Knob> all = new ArrayList<>(knobs.values());
                int shift = (int) Math.floorMod(r.seed(), (long) all.size());
                List<Edit> edits = new ArrayList<>();
                for (int i = 0; i < all.size() && edits.size() < r.count(); i++) {
                    Knob k = all.get((i + shift) % all.size());
                    Edit e = edit(k);
                    if (!have.contains(k.name()) && r.exclude().stream().noneMatch(e::sameChangeAs)) {
                        edits.add(e);
                    }
                }
                spend(PROPOSER_COST);
                return CompletableFuture.completedFuture(new ProposalBatch(edits, PROPOSER_COST));
            }

            @Override
            public double maxCostUsd(int count) {
                return PROPOSER_COST;
            }
        };
    }

    private Materializer materializer() {
        return new Materializer() {
            @Override
            public String baselineSource() {
                return "";
            }

            @Override
            public CompletionStage<Materialized> apply(String parentSource, Edit edit) {
                spend(MATERIALIZE_COST);
                Knob k = knobs.get(edit.payload().get("knob"));
                if (k == null || k.broken()) {
                    return CompletableFuture.completedFuture(
                            Materialized.failed("knob " + edit.payload().get("knob") + " cannot be applied",
                                    MATERIALIZE_COST));
                }
                TreeSet<String> on = knobs(parentSource);
                on.add(k.name());
                return CompletableFuture.completedFuture(Materialized.ok(String.join(",", on), MATERIALIZE_COST));
            }

            @Override
            public double maxCostUsd() {
                return MATERIALIZE_COST;
            }
        };
    }

    private CandidateRunner runner() {
        return new CandidateRunner() {
            @Override
            public CompletionStage<RunResult> run(String source, Case c) {
                int i = Integer.parseInt(c.attributes().get("index"));
                int n = Integer.parseInt(c.attributes().get("of"));
                double cost = costPerCase(source);
                spend(cost);
                // the case's position decides: the lowest-indexed fraction p of the cases pass
                boolean pass = (i + 0.5) / n < passProbability(source);
                return CompletableFuture.completedFuture(
                        new RunResult(pass ? "right" : "wrong", 100, 10, cost, null));
            }

            @Override
            public double maxCostPerCaseUsd(String source) {
                return capFactor * costPerCase(source);
            }
        };
    }

    private Judge judge() {
        return new Judge() {
            @Override
            public CompletionStage<Verdict> judge(Case c, RunResult r, int sample) {
                spend(JUDGE_COST);
                boolean pass = r.output().equals("right");
                return CompletableFuture.completedFuture(
                        new Verdict(pass, pass ? "ok" : "missed the request", JUDGE_COST, 1));
            }

            @Override
            public double maxCostPerCaseUsd() {
                return JUDGE_COST;
            }
        };
    }
}
