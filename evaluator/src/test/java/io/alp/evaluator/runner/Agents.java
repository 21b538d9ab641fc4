package io.alp.evaluator.runner;

import io.alp.engine.model.Case;
import io.alp.engine.port.PriceTable;
import io.alp.engine.port.RunResult;
import io.alp.evaluator.gateway.MeteringGateway;
import io.alp.evaluator.source.SourceStore;
import io.alp.evaluator.testkit.TestPrices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test agents: small scripts committed to a temporary source store, run by a real {@link ProcessRunner}. */
final class Agents implements AutoCloseable {

    final Path tmp;
    final SourceStore store;
    final Workspaces workspaces;
    final PriceTable prices = new TestPrices().with("openai/gpt-4o-mini", 0.15, 0.60);
    private int n;

    Agents(Path tmp) {
        this.tmp = tmp;
        this.store = SourceStore.open(tmp.resolve("store.git"));
        this.workspaces = new Workspaces(store, tmp.resolve("workspaces"), 4);
    }

    /** Commits {@code files} as a candidate. */
    String candidate(Map<String, String> files) throws Exception {
        Path dir = tmp.resolve("agent-" + (++n));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        return store.importDirectory(dir, "agent " + n);
    }

    ProcessRunner runner(CommandAgent agent, String mode, MeteringGateway gateway) {
        return new ProcessRunner(store, workspaces, agent, Sandboxes.create(mode), gateway, "s1", prices, 0.25);
    }

    static CommandAgent command(String... command) {
        return CommandAgent.of(java.util.List.of(command), Duration.ofSeconds(20));
    }

    static RunResult run(ProcessRunner runner, String commit, Case c) throws Exception {
        return runner.run(commit, c).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static Case kase(String id, String input) {
        return new Case(id, input, Map.of());
    }

    @Override
    public void close() {
        workspaces.close();
        store.close();
    }
}
