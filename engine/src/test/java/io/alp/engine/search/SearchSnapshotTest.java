package io.alp.engine.search;

import io.alp.engine.model.Dataset;
import io.alp.engine.testkit.StateDump;
import io.alp.engine.testkit.ToyWorld;
import io.alp.engine.tree.NodeFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A search state restored from its snapshot is the state it was taken of: the same facts (compared field by field
 * through {@link StateDump}, so a field the snapshot forgot fails here), and the same decisions and facts again after
 * every further change a whole session makes.
 */
class SearchSnapshotTest {

    private static final Dataset TEN = ToyWorld.dataset(10);

    /** One session on the toy world: how its state was created and every change made to it, in order. */
    private record Session(OptimizerConfig optimizer, long seed, double roundReserveUsd, double compoundReserveUsd,
                           List<Consumer<SearchState>> changes, SearchState end) {

        static Session run(ToyWorld toy, SearchConfig config, double budget, long seed) {
            OptimizerConfig optimizer = new OptimizerConfig(config, budget);
            List<Consumer<SearchState>> changes = new ArrayList<>();
            LocalSearch search = new LocalSearch(toy.world(), TEN, optimizer, seed).journaling(changes::add).run();
            return new Session(optimizer, seed, LocalSearch.roundReserveUsd(toy.world(), config),
                    toy.world().materializer().maxCostUsd(), changes, search.state());
        }

        SearchState replay(int count) {
            SearchState s = new SearchState(optimizer, seed, roundReserveUsd, compoundReserveUsd);
            changes.subList(0, count).forEach(c -> c.accept(s));
            return s;
        }

        SearchState restore(SearchSnapshot saved) {
            return SearchState.restore(optimizer, seed, roundReserveUsd, compoundReserveUsd, saved);
        }
    }

    @ParameterizedTest(name = "{0} world, branching {1}, parallel {2}, compounding {3}, staged {4}, ${5}, seed {6}")
    @CsvSource({
            "standard, 3, 2, true, false, 8, 1",
            "standard, 3, 2, true, true, 12, 2",
            "standard, 2, 1, false, false, 40, 3",
            "hopeless, 3, 1, true, false, 100, 3",
    })
    void aRestoredStateIsTheSameAndDecidesAlikeToTheEnd(String worldName, int branching, int parallel,
                                                        boolean compounding, boolean staged, double budget,
                                                        long seed) {
        ToyWorld toy = worldName.equals("hopeless") ? ToyWorld.hopeless() : ToyWorld.standard();
        SearchConfig config = new SearchConfig(branching, parallel, 3, 60, 3, compounding).withStaged(staged);
        Session session = Session.run(toy, config, budget, seed);
        int n = session.changes().size();
        assertTrue(n > 20, "a session long enough to cut: " + n + " changes");
        assertEquals(StateDump.of(session.end()), StateDump.of(session.replay(n)),
                "the journal holds every change the search made");

        for (int cut : new TreeSet<>(List.of(0, 1, n / 3, 2 * n / 3, n - 1, n))) {
            SearchState original = session.replay(cut);
            SearchSnapshot saved = original.snapshot();
            SearchState restored = session.restore(saved);
            String where = "restored after change " + cut + " of " + n;
            assertEquals(StateDump.of(original), StateDump.of(restored), where);
            assertEquals(saved, restored.snapshot(), where);
            for (int i = cut; i < n; i++) {
                assertEquals(original.plan(), restored.plan(), where + ", before change " + i);
                session.changes().get(i).accept(original);
                session.changes().get(i).accept(restored);
                assertEquals(StateDump.of(original), StateDump.of(restored), where + ", after change " + i);
            }
            assertEquals(original.plan(), restored.plan(), where + ", at the end");
        }
    }

    @Test
    void aSnapshotIsACopyThatLaterChangesDoNotReach() {
        Session session = Session.run(ToyWorld.standard(), new SearchConfig(3, 2, 3, 60, 3, true), 8, 1);
        int half = session.changes().size() / 2;
        SearchState state = session.replay(half);
        SearchSnapshot saved = state.snapshot();
        String before = saved.toString();
        session.changes().subList(half, session.changes().size()).forEach(c -> c.accept(state));
        assertEquals(before, saved.toString());
        assertEquals(StateDump.of(session.replay(half)), StateDump.of(session.restore(saved)));
    }

    @Test
    void aSavedTreeWhoseNodeComesBeforeItsParentIsRefused() {
        Session session = Session.run(ToyWorld.standard(), new SearchConfig(3, 2, 3, 60, 3, true), 8, 1);
        SearchSnapshot saved = session.end().snapshot();
        List<NodeFacts> reversed = new ArrayList<>(saved.nodes());
        java.util.Collections.swap(reversed, 1, reversed.size() - 1);
        SearchSnapshot broken = new SearchSnapshot(reversed, saved.ledger(), saved.rounds(), saved.triedPairs(),
                saved.materializeCosts(), saved.evaluationCostPerCase(), saved.frontier(), saved.estimates(),
                saved.hypervolume(), saved.completedRounds(), saved.stalledRounds(), saved.expansionRounds(),
                saved.compoundRounds(), saved.roundMoves(), saved.exhausted(), saved.baselineCostUsd(),
                saved.minEvaluationReserveUsd(), saved.stopReason(), saved.settledOrder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.restore(broken));
        assertTrue(e.getMessage().contains("before its parent"), e.getMessage());
    }
}
