package io.alp.actors.testkit;

import io.alp.actors.runtime.Catalog;
import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.WorldRef;
import io.alp.engine.model.WorldSpec;
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
import io.alp.engine.port.WorldFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny deterministic world for actor tests (a test fake, not the simulated world users see). A candidate is a
 * set of switched-on knobs 1..8, written "k1,k4". Knobs 1-3 each add 0.15 to the pass probability; knob 4 halves
 * the cost; every knob on adds $0.02 per case; an edit to a knob above 8 cannot be applied. Outcomes are a
 * deterministic function of (source, case). Its proposer offers the useful knobs first, so a working search must
 * find a node dominating the baseline.
 */
public final class ToyWorld implements WorldFactory {

    public static final String KIND = "toy";
    /** How often each (source, case) was actually run, across every ActorSystem in this JVM. */
    public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    /** The toy world with {@code latencyMs} per run, registered in this JVM's catalog ({@link Catalog#local()}). */
    public static WorldRef ref(long latencyMs) {
        return ref(latencyMs, 1);
    }

    /** @param capFactor how many times its real cost a case may cost at most, as a real agent's cap is generous */
    public static WorldRef ref(long latencyMs, double capFactor) {
        WorldSpec spec = spec(latencyMs, capFactor);
        Catalog.local().putWorld(spec);
        return spec.ref();
    }

    public static WorldSpec spec(long latencyMs) {
        return spec(latencyMs, 1);
    }

    public static WorldSpec spec(long latencyMs, double capFactor) {
        return new WorldSpec(KIND, "toy", "", Map.of("latencyMs", Long.toString(latencyMs),
                "capFactor", Double.toString(capFactor)));
    }

    /** {@code cases} as a frozen dataset stored in this JVM's catalog; returns its id. */
    public static String dataset(List<Case> cases) {
        Dataset dataset = Dataset.freeze("test cases", cases);
        Catalog.local().putDataset(dataset);
        return dataset.id();
    }

    @Override
    public boolean supports(String kind) {
        return KIND.equals(kind);
    }

    @Override
    public World create(WorldSpec ref) {
        long latency = Long.parseLong(ref.setting("latencyMs", "0"));
        Executor delayed = CompletableFuture.delayedExecutor(latency, TimeUnit.MILLISECONDS);
        double capFactor = Double.parseDouble(ref.setting("capFactor", "1"));
        return new World("toy world (test fake)", true, traffic(), proposer(), materializer(),
                runner(delayed, capFactor), judge());
    }

    public static double passProbability(String source) {
        TreeSet<Integer> knobs = knobs(source);
        return 0.3 + 0.15 * knobs.stream().filter(k -> k <= 3).count();
    }

    public static double costPerCase(String source) {
        TreeSet<Integer> knobs = knobs(source);
        return (knobs.contains(4) ? 0.5 : 1.0) + 0.02 * knobs.size();
    }

    static TreeSet<Integer> knobs(String source) {
        TreeSet<Integer> knobs = new TreeSet<>();
        for (String part : source.split(",")) {
            if (!part.isBlank()) {
                knobs.add(Integer.parseInt(part.trim().substring(1)));
            }
        }
        return knobs;
    }

    static String source(TreeSet<Integer> knobs) {
        return String.join(",", knobs.stream().map(k -> "k" + k).toList());
    }

    /** The engine's toy traffic: cases c0, c1, ... */
    private static CaseSampler traffic() {
        return new CaseSampler() {
            @Override
            public String describe() {
                return "toy traffic (test fake)";
            }

            @Override
            public List<Case> sample(int size, long seed) {
                return io.alp.engine.testkit.ToyWorld.dataset(size).cases();
            }
        };
    }

    private static Proposer proposer() {
        return new Proposer() {
            @Override
            public CompletionStage<ProposalBatch> propose(Reflection r) {
                TreeSet<Integer> have = knobs(r.sourceRef());
                List<Edit> edits = new ArrayList<>();
                // useful knobs 1-4 first, in an order that depends on the seed, then the useless ones
                for (int i = 0; i < 8 && edits.size() < r.count(); i++) {
                    int knob = i < 4 ? 1 + (int) ((Math.abs(r.seed()) + i) % 4) : 1 + i;
                    Edit e = edit(knob);
                    if (!have.contains(knob) && r.exclude().stream().noneMatch(e::sameChangeAs)) {
                        edits.add(e);
                    }
                }
                return CompletableFuture.completedFuture(new ProposalBatch(edits, 0.5));
            }

            @Override
            public double maxCostUsd(int count) {
                return 0.5;
            }
        };
    }

    public static Edit edit(int knob) {
        EditClass cls = knob <= 3 ? EditClass.PROMPT : knob == 4 ? EditClass.ROUTING : EditClass.TOOL;
        return new Edit(cls, "switch on knob " + knob, Map.of("knob", Integer.toString(knob)));
    }

    private static Materializer materializer() {
        return new Materializer() {
            @Override
            public String baselineSource() {
                return "";
            }

            @Override
            public CompletionStage<Materialized> apply(String parentSource, Edit edit) {
                TreeSet<Integer> knobs = knobs(parentSource);
                int knob = Integer.parseInt(edit.payload().get("knob"));
                if (knob > 8) {
                    return CompletableFuture.completedFuture(Materialized.failed("there is no knob " + knob, 0.01));
                }
                knobs.add(knob);
                return CompletableFuture.completedFuture(Materialized.ok(source(knobs), 0.01));
            }

            @Override
            public double maxCostUsd() {
                return 0.01;
            }
        };
    }

    private static CandidateRunner runner(Executor delayed, double capFactor) {
        return new CandidateRunner() {
            @Override
            public CompletionStage<RunResult> run(String source, Case c) {
                return CompletableFuture.supplyAsync(() -> {
                    RUNS.computeIfAbsent(source + "|" + c.id(), k -> new AtomicInteger()).incrementAndGet();
                    boolean pass = new java.util.SplittableRandom((source + "|" + c.id()).hashCode()).nextDouble()
                            < passProbability(source);
                    return new RunResult(pass ? "right" : "wrong", 100, 10, costPerCase(source), null);
                }, delayed);
            }

            @Override
            public double maxCostPerCaseUsd(String source) {
                return capFactor * costPerCase(source);
            }
        };
    }

    private static Judge judge() {
        return new Judge() {
            @Override
            public CompletionStage<Verdict> judge(Case c, RunResult r, int sample) {
                boolean pass = r.output().equals("right");
                return CompletableFuture.completedFuture(new Verdict(pass, pass ? "ok" : "needs knob 1", 0.001, 1));
            }

            @Override
            public double maxCostPerCaseUsd() {
                return 0.001;
            }
        };
    }
}
