package io.alp.sim.behaviour;

import io.alp.sim.agent.KnobChange;

import java.util.Optional;

/**
 * Why a case of some category fails under some agent, as the judge would put it: a symptom and, when one is
 * known, the single knob change that addresses it (for a weak model: route the category to a stronger one).
 */
public record Shortfall(String symptom, Optional<KnobChange> remedy) {
}
