package io.alp.judge;

import io.alp.engine.llm.MalformedReplyException;
import io.alp.engine.llm.PaidFailure;
import io.alp.engine.model.Case;
import io.alp.engine.port.Judge;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VotingJudgeTest {

    private static final Case CASE = new Case("c1", "q", Map.of());
    private static final RunResult OUTPUT = new RunResult("a", 1, 1, 0, null);

    /** A judge that answers a fixed script of votes, one per sample, at $0.01 each; records the samples asked. */
    private static final class Scripted implements Judge {
        final List<Integer> asked = new ArrayList<>();
        final boolean[] votes;

        Scripted(boolean... votes) {
            this.votes = votes;
        }

        @Override
        public CompletionStage<Verdict> judge(Case c, RunResult result, int sample) {
            asked.add(sample);
            boolean pass = votes[sample];
            return CompletableFuture.completedFuture(new Verdict(pass, pass ? "ok #" + sample : "bad #" + sample,
                    0.01, 1));
        }

        @Override
        public double maxCostPerCaseUsd() {
            return 0.01;
        }
    }

    private static Verdict vote(Judge j) {
        return j.judge(CASE, OUTPUT, 0).toCompletableFuture().join();
    }

    @Test
    void agreeingSamplesStopAtAMajority() {
        Scripted s = new Scripted(true, true, false, false, false);
        Verdict v = vote(VotingJudge.of(s, 5));
        assertEquals(List.of(0, 1, 2, 3, 4), s.asked, "2 passes then 3 fails: all five are needed");
        assertEquals(false, v.pass());
        assertEquals("bad #2", v.reason());
        assertEquals(0.6, v.agreement(), 1e-12);
        assertEquals(0.05, v.costUsd(), 1e-12);

        Scripted sure = new Scripted(true, true, false);
        Verdict certain = vote(VotingJudge.of(sure, 3));
        assertEquals(List.of(0, 1), sure.asked, "two agreeing samples decide a majority of three");
        assertTrue(certain.pass());
        assertEquals(1.0, certain.agreement(), 1e-12);
        assertEquals(0.02, certain.costUsd(), 1e-12);
    }

    @Test
    void onlyUncertainCasesPayForTheThirdSample() {
        Scripted split = new Scripted(true, false, true);
        Verdict v = vote(VotingJudge.of(split, 3));
        assertEquals(3, split.asked.size());
        assertTrue(v.pass());
        assertEquals(2.0 / 3, v.agreement(), 1e-12);
        assertEquals("ok #0", v.reason());
    }

    @Test
    void oneSampleIsTheJudgeItselfAndEvenCountsAreRefused() {
        Scripted s = new Scripted(true);
        assertSame(s, VotingJudge.of(s, 1));
        assertThrows(IllegalArgumentException.class, () -> VotingJudge.of(s, 2));
        assertEquals(0.05, VotingJudge.of(s, 5).maxCostPerCaseUsd(), 1e-12);
    }

    @Test
    void aSampleThatFailsAfterOthersKeepsWhatTheVotesCost() {
        Judge flaky = new Judge() {
            @Override
            public CompletionStage<Verdict> judge(Case c, RunResult result, int sample) {
                return sample < 2 ? CompletableFuture.completedFuture(new Verdict(sample == 0, "vote", 0.01, 1))
                        : CompletableFuture.failedFuture(new MalformedReplyException("unusable", 0.02));
            }

            @Override
            public double maxCostPerCaseUsd() {
                return 0.03;
            }
        };
        var failure = assertThrows(java.util.concurrent.CompletionException.class, () -> vote(VotingJudge.of(flaky, 3)));
        assertTrue(failure.getCause() instanceof PaidFailure, failure.toString());
        assertEquals(0.04, ((PaidFailure) failure.getCause()).costUsd(), 1e-12, "two votes and the unusable third");
        assertTrue(failure.getCause().getMessage().contains("judge sample 3"), failure.getCause().getMessage());
    }
}
