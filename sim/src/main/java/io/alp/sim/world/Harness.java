package io.alp.sim.world;

/**
 * Everything of an agent but its routing: clause and tool bit masks (bit i = the i-th declared clause or tool)
 * and the indices of its scaffold and memory policy.
 */
public record Harness(int clauses, int tools, int scaffold, int memory) {

    public boolean hasClause(int index) {
        return (clauses >>> index & 1) != 0;
    }

    public boolean hasTool(int index) {
        return (tools >>> index & 1) != 0;
    }

    public Harness withClause(int index, boolean on) {
        return new Harness(set(clauses, index, on), tools, scaffold, memory);
    }

    public Harness withTool(int index, boolean on) {
        return new Harness(clauses, set(tools, index, on), scaffold, memory);
    }

    public Harness withScaffold(int index) {
        return new Harness(clauses, tools, index, memory);
    }

    public Harness withMemory(int index) {
        return new Harness(clauses, tools, scaffold, index);
    }

    private static int set(int mask, int index, boolean on) {
        return on ? mask | 1 << index : mask & ~(1 << index);
    }
}
