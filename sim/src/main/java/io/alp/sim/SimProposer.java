package io.alp.sim;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Proposer;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import io.alp.sim.agent.KnobChange;
import io.alp.sim.agent.Neighbourhood;
import io.alp.sim.behaviour.FailureReason;
import io.alp.sim.behaviour.StableRandom;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.WorldDefinition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A proposer with a known insight: for a quality slot it acts, with probability {@code insight}, on the need the
 * parent's failure reasons name most (then the next most, ...), otherwise it tries a random one-knob edit; about
 * a third of each batch are cost cuts (a cheaper model for a category, a leaner memory policy or scaffold), none
 * when the reflection serves the top of the frontier ({@link ReflectionGoal#TOP}). For the top it follows what the
 * LLM proposer is asked there ("do not propose cost cuts now"): its random edits too are drawn only from the changes
 * that do not make the agent cheaper. For the cheap end ({@link ReflectionGoal#CHEAP}) every edit is a cost cut, as
 * the LLM proposer is asked there, and none when no cut is left.
 */
public final class SimProposer implements Proposer {

    private final SimWorld world;
    private final CostCuts costCuts;

    public SimProposer(SimWorld world) {
        this.world = world;
        this.costCuts = new CostCuts(world.definition());
    }

    @Override
    public CompletionStage<ProposalBatch> propose(Reflection reflection) {
        try {
            return CompletableFuture.completedFuture(new ProposalBatch(plan(reflection), maxCostUsd(reflection.count())));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public double maxCostUsd(int count) {
        return world.definition().proposer().costPerCall();
    }

    List<Edit> plan(Reflection reflection) {
        AgentSpec parent = world.codec().parse(reflection.sourceRef());
        SplittableRandom random = new SplittableRandom(
                StableRandom.hash(reflection.seed(), "proposer", world.definition().name()));
        Set<String> taken = new HashSet<>();
        reflection.exclude().forEach(e -> taken.add(e.key()));
        Map<KnobChange, Integer> demand = demand(reflection.failed(), parent);
        List<KnobChange> cuts = costCuts.of(parent);
        List<KnobChange> anything = Neighbourhood.of(parent, world.definition());
        if (reflection.goal() == ReflectionGoal.TOP) {
            anything = anything.stream().filter(c -> !costCuts.isCut(c, parent)).toList();
        }

        int count = reflection.count();
        int costSlots = reflection.goal() == ReflectionGoal.CHEAP ? count
                : count >= 2 && reflection.goal() == ReflectionGoal.FRONTIER ? Math.max(1, count / 3) : 0;
        List<Edit> edits = new ArrayList<>();
        for (int slot = 0; slot < count; slot++) {
            Optional<Edit> edit = Optional.empty();
            if (slot >= count - costSlots) {
                edit = pickRandom(cuts, taken, random).map(c -> c.toEdit(describe(c) + " to cut cost"));
            } else if (random.nextDouble() < world.settings().insight()) {
                edit = mostDemanded(demand, taken, reflection.failed().size());
            }
            if (edit.isEmpty() && reflection.goal() != ReflectionGoal.CHEAP) {
                edit = pickRandom(anything, taken, random).map(c -> c.toEdit(describe(c) + " (exploring)"));
            }
            if (edit.isEmpty()) {
                break;
            }
            taken.add(edit.get().key());
            edits.add(edit.get());
        }
        return edits;
    }

    /** The changes the failure reasons ask for that would change the parent, most asked-for first. */
    private Map<KnobChange, Integer> demand(List<Outcome> failed, AgentSpec parent) {
        Map<KnobChange, Integer> counts = new LinkedHashMap<>();
        for (Outcome outcome : failed) {
            FailureReason.parse(outcome.reason())
                    .flatMap(named -> resolve(named, parent))
                    .ifPresent(change -> counts.merge(change, 1, Integer::sum));
        }
        Map<KnobChange, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private Optional<KnobChange> resolve(FailureReason.Named named, AgentSpec parent) {
        WorldDefinition definition = world.definition();
        Optional<KnobChange> change = switch (named.kind()) {
            case CLAUSE, TOOL -> definition.valueIndex(named.kind(), named.name()).isPresent()
                    ? Optional.of(KnobChange.toggle(named.kind(), named.name(), true)) : Optional.empty();
            case SCAFFOLD, MEMORY -> definition.valueIndex(named.kind(), named.name()).isPresent()
                    ? Optional.of(KnobChange.select(named.kind(), named.name())) : Optional.empty();
            case ROUTE -> strongerRoute(named.name(), parent);
        };
        return change.filter(c -> !Neighbourhood.changesNothing(c, parent, definition));
    }

    private Optional<KnobChange> strongerRoute(String categoryName, AgentSpec parent) {
        OptionalInt category = world.definition().categoryIndex(categoryName);
        if (category.isEmpty()) {
            return Optional.empty();
        }
        int c = category.getAsInt();
        return world.diagnosis().strongerModel(parent.modelFor(c), c)
                .map(m -> KnobChange.route(categoryName, world.definition().models().get(m).name()));
    }

    private Optional<Edit> mostDemanded(Map<KnobChange, Integer> demand, Set<String> taken, int failures) {
        for (Map.Entry<KnobChange, Integer> wanted : demand.entrySet()) {
            Edit edit = wanted.getKey().toEdit(describe(wanted.getKey()) + ": named in " + wanted.getValue()
                    + " of " + failures + " failure reasons");
            if (!taken.contains(edit.key())) {
                return Optional.of(edit);
            }
        }
        return Optional.empty();
    }

    private static Optional<KnobChange> pickRandom(List<KnobChange> options, Set<String> taken,
                                                   SplittableRandom random) {
        List<KnobChange> open = options.stream().filter(c -> !taken.contains(c.toEdit("").key())).toList();
        return open.isEmpty() ? Optional.empty() : Optional.of(open.get(random.nextInt(open.size())));
    }

    private static String describe(KnobChange change) {
        String what = switch (change.kind()) {
            case CLAUSE, TOOL -> (change.value().equals(KnobChange.ON) ? "enable " : "disable ")
                    + change.kind().word() + " `" + change.target() + "`";
            case SCAFFOLD -> "use scaffold `" + change.value() + "`";
            case MEMORY -> "use memory policy `" + change.value() + "`";
            case ROUTE -> "route `" + change.target() + "` tasks to model `" + change.value() + "`";
        };
        return "[simulated proposer] " + what;
    }
}
