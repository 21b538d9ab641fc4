package io.alp.engine.port;

/**
 * The ports one session runs against, built from its {@link io.alp.engine.model.WorldRef}: the simulated world
 * or real LLMs and a real agent.
 */
public record World(String label, boolean simulated, CaseSampler cases, Proposer proposer,
                    Materializer materializer, CandidateRunner runner, Judge judge) {
}
