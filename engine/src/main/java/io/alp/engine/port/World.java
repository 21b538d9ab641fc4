package io.alp.engine.port;

/**
 * The ports one session runs against, built from its {@link io.alp.engine.model.WorldSpec}: the simulated world
 * or real LLMs and a real agent.
 *
 * @param resources what the ports hold open (clients, a gateway, worker threads), released by {@link #close()}
 */
public record World(String label, boolean simulated, CaseSampler cases, Proposer proposer,
                    Materializer materializer, CandidateRunner runner, Judge judge, AutoCloseable resources)
        implements AutoCloseable {

    /** A world that holds nothing open. */
    public World(String label, boolean simulated, CaseSampler cases, Proposer proposer, Materializer materializer,
                 CandidateRunner runner, Judge judge) {
        this(label, simulated, cases, proposer, materializer, runner, judge, () -> {
        });
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
