package io.alp.bench.search;

import io.alp.engine.budget.BudgetLedger;
import io.alp.engine.budget.SpendKind;
import io.alp.engine.evaluation.CaseEvaluation;
import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.World;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A world's ports behind one budget ledger, accounted as the engine accounts a session: every call first reserves
 * its worst-case cost (a proposer call, applying an edit, a candidate's evaluation on some cases) and is settled
 * with what it actually cost. A call whose reservation does not fit in what is left is not made (empty result).
 */
final class MeteredWorld {

    private final World world;
    private final BudgetLedger ledger;
    private long calls;
    private long evaluations;

    MeteredWorld(World world, double budgetUsd) {
        this.world = world;
        this.ledger = new BudgetLedger(budgetUsd);
    }

    World world() {
        return world;
    }

    String baselineSource() {
        return world.materializer().baselineSource();
    }

    Optional<ProposalBatch> propose(Reflection reflection) {
        return metered("propose", SpendKind.ORCHESTRATOR, world.proposer().maxCostUsd(reflection.count()),
                () -> join(world.proposer().propose(reflection)), ProposalBatch::costUsd);
    }

    Optional<Materialized> materialize(String parentSource, Edit edit) {
        return metered("apply", SpendKind.ORCHESTRATOR, world.materializer().maxCostUsd(),
                () -> join(world.materializer().apply(parentSource, edit)), Materialized::costUsd);
    }

    /** Runs and judges {@code source} on each case, in order; empty when its worst-case cost does not fit. */
    Optional<List<Outcome>> evaluate(String source, List<Case> cases) {
        double reserve = CaseEvaluation.allowance(world.runner(), world.judge(), source).capPerCaseUsd() * cases.size();
        Optional<List<Outcome>> outcomes = metered("eval", SpendKind.EVALUATION, reserve,
                () -> runAll(source, cases), done -> done.stream().mapToDouble(Outcome::evaluationCostUsd).sum());
        outcomes.ifPresent(done -> evaluations += done.size());
        return outcomes;
    }

    double spentUsd() {
        return ledger.spentUsd();
    }

    long evaluations() {
        return evaluations;
    }

    MethodResult result(List<Evaluated> evaluated) {
        return MethodResult.measured(evaluated, spentUsd(), ledger.spentUsd(SpendKind.EVALUATION), evaluations);
    }

    private <T> Optional<T> metered(String what, SpendKind kind, double reserveUsd, Supplier<T> call,
                                    ToDoubleFunction<T> cost) {
        String id = what + "/" + (++calls);
        if (ledger.tryReserve(id, kind, reserveUsd).isEmpty()) {
            return Optional.empty();
        }
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            ledger.release(id);
            throw e;
        }
        ledger.charge(id, cost.applyAsDouble(result));
        return Optional.of(result);
    }

    private List<Outcome> runAll(String source, List<Case> cases) {
        List<CompletableFuture<Outcome>> running = cases.stream()
                .map(c -> CaseEvaluation.evaluate(world.runner(), world.judge(), source, c).toCompletableFuture())
                .toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
