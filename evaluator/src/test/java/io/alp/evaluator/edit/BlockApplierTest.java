package io.alp.evaluator.edit;

import io.alp.evaluator.edit.BlockApplier.Match;
import io.alp.evaluator.edit.BlockApplier.Result;
import io.alp.evaluator.edit.SearchReplaceBlocks.Block;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockApplierTest {

    private static final String PROMPT = """
            # System
            You are a support agent.
                Always cite the order id.
                Never promise refunds.
            Be brief.
            """;

    private final BlockApplier applier = new BlockApplier();

    private Result apply(Map<String, String> files, Block... blocks) {
        return applier.apply(files, List.of(blocks));
    }

    @Test
    void exactMatchReplacesTheText() {
        Result r = apply(Map.of("p.md", PROMPT), new Block("p.md", "Be brief.\n", "Be brief and kind.\n"));
        assertTrue(r.allApplied());
        assertEquals(Match.EXACT, r.outcomes().get(0).match());
        assertEquals(PROMPT.replace("Be brief.", "Be brief and kind."), r.files().get("p.md"));
    }

    @Test
    void exactMatchOnALastLineWithoutNewline() {
        Result r = apply(Map.of("a.txt", "one\ntwo"), new Block("a.txt", "two\n", "three\n"));
        assertEquals(Match.EXACT, r.outcomes().get(0).match());
        assertEquals("one\nthree", r.files().get("a.txt"));
    }

    @Test
    void ambiguousExactMatchFailsSayingHowMany() {
        Result r = apply(Map.of("a.txt", "x\ny\nx\ny\nx\n"), new Block("a.txt", "x\n", "z\n"));
        assertFalse(r.allApplied());
        String failure = r.outcomes().get(0).failure();
        assertTrue(failure.contains("3 times"), failure);
        assertEquals("x\ny\nx\ny\nx\n", r.files().get("a.txt"));
    }

    @Test
    void whitespaceInsensitiveMatchKeepsTheFilesIndentation() {
        // the model lost the indentation and doubled a space
        Result r = apply(Map.of("p.md", PROMPT), new Block("p.md",
                "Always cite  the order id.\nNever promise refunds.\n",
                "Always cite the order id.\nNever promise refunds.\n  Offer a callback instead.\n"));
        assertTrue(r.allApplied(), r.outcomes().toString());
        assertEquals(Match.WHITESPACE, r.outcomes().get(0).match());
        assertEquals("""
                # System
                You are a support agent.
                    Always cite the order id.
                    Never promise refunds.
                      Offer a callback instead.
                Be brief.
                """, r.files().get("p.md"));
    }

    @Test
    void whitespaceMatchesInSeveralPlacesAreAmbiguous() {
        Result r = apply(Map.of("a.txt", "  a\n  b\nc\na\nb\n"), new Block("a.txt", " a\n b\n", "z\n"));
        assertFalse(r.allApplied());
        assertTrue(r.outcomes().get(0).failure().contains("2 places"), r.outcomes().get(0).failure());
    }

    @Test
    void fuzzyMatchFindsANearlyIdenticalWindow() {
        Result r = apply(Map.of("p.md", PROMPT), new Block("p.md",
                "You are a support agent\n    Always cite the order ID.\n",
                "You are a billing agent.\n    Always cite the order id.\n"));
        assertTrue(r.allApplied(), r.outcomes().toString());
        assertEquals(Match.FUZZY, r.outcomes().get(0).match());
        assertEquals(PROMPT.replace("support agent", "billing agent"), r.files().get("p.md"));
    }

    @Test
    void equallySimilarWindowsAreAmbiguous() {
        String file = "the quick brown fox 1\nthe quick brown fox 2\n";
        Result r = apply(Map.of("a.txt", file), new Block("a.txt", "the quick brown fox X\n", "y\n"));
        assertFalse(r.allApplied());
        assertTrue(r.outcomes().get(0).failure().contains("equally similar to 2 places"),
                r.outcomes().get(0).failure());
        assertEquals(file, r.files().get("a.txt"));
    }

    @Test
    void noMatchShowsTheClosestLines() {
        Result r = apply(Map.of("p.md", PROMPT), new Block("p.md", "Always refund everything.\n", "x\n"));
        assertFalse(r.allApplied());
        String failure = r.outcomes().get(0).failure();
        assertTrue(failure.contains("not found in p.md"), failure);
        assertTrue(failure.contains("closest lines"), failure);
        assertTrue(failure.contains("Always cite the order id."), failure);
        assertEquals(PROMPT, r.files().get("p.md"));
    }

    @Test
    void aMissingFileWithASearchIsAFailureNamingIt() {
        Result r = apply(Map.of("p.md", PROMPT), new Block("prompts/other.md", "x\n", "y\n"));
        assertFalse(r.allApplied());
        assertTrue(r.outcomes().get(0).failure().contains("prompts/other.md"), r.outcomes().get(0).failure());
        assertNull(r.outcomes().get(0).match());
    }

    @Test
    void anEmptySearchCreatesAFileOrFillsAnEmptyOne() {
        Result r = apply(Map.of("empty.md", ""), new Block("new.md", "", "hello\n"),
                new Block("empty.md", "", "filled\n"));
        assertTrue(r.allApplied());
        assertEquals(Match.CREATED, r.outcomes().get(0).match());
        assertEquals("hello\n", r.files().get("new.md"));
        assertEquals("filled\n", r.files().get("empty.md"));
    }

    @Test
    void anEmptySearchOnANonEmptyFileFails() {
        Result r = apply(Map.of("p.md", PROMPT), new Block("p.md", "", "overwrite\n"));
        assertFalse(r.allApplied());
        assertEquals(PROMPT, r.files().get("p.md"));
    }

    @Test
    void laterBlocksSeeEarlierOnesAndFailuresLeaveOthersApplied() {
        Result r = apply(Map.of("a.txt", "one\ntwo\n"),
                new Block("a.txt", "one\n", "uno\n"),
                new Block("a.txt", "missing line that is nowhere\n", "x\n"),
                new Block("a.txt", "uno\ntwo\n", "uno\ndos\n"));
        assertEquals(List.of(true, false, true), r.outcomes().stream().map(BlockApplier.Outcome::applied).toList());
        assertEquals(List.of(2), r.failures().stream().map(BlockApplier.Outcome::number).toList());
        assertEquals("uno\ndos\n", r.files().get("a.txt"));
    }

    @Test
    void nonEditablePathsAreRefused() {
        BlockApplier restricted = new BlockApplier(EditablePaths.of("prompts/**"));
        Result r = restricted.apply(Map.of("prompts/a.md", "a\n", "src/Main.java", "class Main {}\n"), List.of(
                new Block("src/Main.java", "class Main {}\n", "class Hacked {}\n"),
                new Block("prompts/a.md", "a\n", "b\n")));
        assertFalse(r.outcomes().get(0).applied());
        assertTrue(r.outcomes().get(0).failure().contains("not editable"), r.outcomes().get(0).failure());
        assertEquals("class Main {}\n", r.files().get("src/Main.java"));
        assertEquals("b\n", r.files().get("prompts/a.md"));
    }

    @Test
    void levenshteinDistances() {
        assertEquals(0, BlockApplier.levenshtein("abc", "abc"));
        assertEquals(3, BlockApplier.levenshtein("kitten", "sitting"));
        assertEquals(4, BlockApplier.levenshtein("", "abcd"));
    }
}
