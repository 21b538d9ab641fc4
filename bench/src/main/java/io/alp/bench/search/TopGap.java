package io.alp.bench.search;

import io.alp.engine.model.Case;
import io.alp.sim.agent.Neighbourhood;
import io.alp.sim.agent.SpecCodec;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.WorldDefinition;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Why a search stopped short of the top (SIMULATED): the single-knob changes that would take the best configuration
 * it evaluated toward the oracle's best one, each with the true gain it alone would bring there, and whether the
 * search evaluated a candidate with that setting on every case. A change never evaluated points at the proposals;
 * one evaluated elsewhere but missing from the best points at how the search combines what it found.
 */
final class TopGap {

    private final Oracle oracle;
    private final List<Case> cases;
    private final WorldDefinition world;
    private final SpecCodec codec;
    private final AgentSpec target;

    /** @param targetSource the oracle's best configuration on these cases */
    TopGap(Oracle oracle, List<Case> cases, String targetSource) {
        this.oracle = oracle;
        this.cases = List.copyOf(cases);
        this.world = oracle.world();
        this.codec = new SpecCodec(world);
        this.target = codec.parse(targetSource);
    }

    /**
     * The changes from {@code best} (true pass-rate {@code bestTrue}) toward the target, largest true gain first.
     *
     * @param evaluated every candidate the search evaluated on every case
     */
    List<MissingChange> missing(String best, double bestTrue, Collection<String> evaluated) {
        AgentSpec from = codec.parse(best);
        List<AgentSpec> seen = evaluated.stream().distinct().map(codec::parse).toList();
        return Neighbourhood.of(from, world).stream()
                .filter(change -> Neighbourhood.changesNothing(change, target, world))
                .map(change -> new MissingChange(change.knob() + "=" + change.value(),
                        oracle.trueScore(codec.format(change.applyTo(from, world)), cases).passRate() - bestTrue,
                        seen.stream().anyMatch(spec -> Neighbourhood.changesNothing(change, spec, world))))
                .sorted(Comparator.comparingDouble(MissingChange::trueGain).reversed())
                .toList();
    }
}
