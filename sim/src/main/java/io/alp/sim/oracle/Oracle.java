package io.alp.sim.oracle;

import io.alp.engine.model.Case;
import io.alp.sim.SimCaseSampler;
import io.alp.sim.SimWorlds;
import io.alp.sim.agent.SpecCodec;
import io.alp.sim.behaviour.CaseProfile;
import io.alp.sim.behaviour.OutcomeModel;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.WorldDefinition;
import io.alp.sim.world.WorldParser;

import java.util.ArrayList;
import java.util.List;

/**
 * The ground truth of a simulated world: the exact expected score of any configuration on a dataset, and the
 * exact Pareto frontier found by enumerating every configuration. Expected pass-rates are means of pass
 * probabilities (not of the Bernoulli draws), so they do not depend on the world seed.
 */
public final class Oracle {

    private final WorldDefinition world;
    private final OutcomeModel model;
    private final SpecCodec codec;

    public Oracle(WorldDefinition world) {
        this.world = world;
        this.model = new OutcomeModel(world);
        this.codec = new SpecCodec(world);
    }

    /** An oracle for a bundled world name or a world file. */
    public static Oracle of(String nameOrPath) {
        return new Oracle(WorldParser.parse(SimWorlds.fileName(nameOrPath), SimWorlds.definition(nameOrPath)));
    }

    /** An oracle for a world definition text, naming it {@code worldName} in errors (e.g. from a WorldSpec). */
    public static Oracle of(String worldName, String definition) {
        return new Oracle(WorldParser.parse(SimWorlds.fileName(worldName), definition));
    }

    /**
     * Samples {@code datasetSize} cases from the world's traffic with {@code seed} (as a session sampling the same
     * traffic with the same seed would) and computes the frontier on them.
     */
    public static OracleResult forWorld(String definition, long seed, int datasetSize) {
        return forWorld("world.yaml", definition, seed, datasetSize);
    }

    /** As {@link #forWorld(String, long, int)}, naming the world in errors. */
    public static OracleResult forWorld(String worldName, String definition, long seed, int datasetSize) {
        Oracle oracle = of(worldName, definition);
        return oracle.frontier(oracle.sample(seed, datasetSize));
    }

    public WorldDefinition world() {
        return world;
    }

    public long configurations() {
        return world.configurationCount();
    }

    public String baselineSource() {
        return codec.format(world.baseline());
    }

    /** The dataset a session sampling this world's traffic with this seed would get. */
    public List<Case> sample(long seed, int datasetSize) {
        return new SimCaseSampler(world).sample(datasetSize, seed);
    }

    /** @throws IllegalArgumentException for a source or case that does not belong to this world */
    public TrueScore trueScore(String source, List<Case> cases) {
        AgentSpec spec = codec.parse(source);
        double pass = 0;
        double cost = 0;
        for (Case c : cases) {
            CaseProfile profile = CaseProfile.of(world, c);
            pass += model.passProbability(spec, profile);
            cost += model.costUsd(spec, profile);
        }
        int n = Math.max(1, cases.size());
        return new TrueScore(pass / n, cost / n);
    }

    /** Enumerates every configuration; the frontier is sorted cheapest first. */
    public OracleResult frontier(List<Case> cases) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("the oracle needs at least one case");
        }
        List<CaseProfile> profiles = new ArrayList<>();
        cases.forEach(c -> profiles.add(CaseProfile.of(world, c)));
        ConfigurationSpace space = new ConfigurationSpace(world);
        CategoryTable table = new CategoryTable(model, space, profiles);
        double[] pass = new double[space.size()];
        double[] cost = new double[space.size()];
        int[][] routes = new int[space.routeCount()][];
        for (int r = 0; r < routes.length; r++) {
            routes[r] = space.route(r);
        }
        int categories = world.categories().size();
        for (int h = 0; h < space.harnessCount(); h++) {
            int base = h * space.routeCount();
            for (int r = 0; r < routes.length; r++) {
                double p = 0;
                double dollars = 0;
                for (int c = 0; c < categories; c++) {
                    p += table.pass(c, h, routes[r][c]);
                    dollars += table.cost(c, h, routes[r][c]);
                }
                pass[base + r] = p;
                cost[base + r] = dollars;
            }
        }
        List<FrontierPoint> frontier = new ArrayList<>();
        for (int i : ParetoSweep.frontier(pass, cost)) {
            frontier.add(new FrontierPoint(pass[i], cost[i], codec.format(space.spec(i))));
        }
        return new OracleResult(frontier, space.size());
    }
}
