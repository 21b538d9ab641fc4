package io.alp.evaluator.edit;

import io.alp.evaluator.edit.SearchReplaceBlocks.Block;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchReplaceBlocksTest {

    @Test
    void readsABareBlock() {
        String reply = """
                prompts/system.md
                <<<<<<< SEARCH
                You are helpful.
                =======
                You are helpful and concise.
                >>>>>>> REPLACE
                """;
        assertEquals(List.of(new Block("prompts/system.md", "You are helpful.\n", "You are helpful and concise.\n")),
                SearchReplaceBlocks.parse(reply));
    }

    @Test
    void toleratesFencesProseAndCarriageReturns() {
        String reply = "Sure, here is the change.\r\n\r\nprompts/system.md\r\n```markdown\r\n<<<<<<< SEARCH\r\n"
                + "  indented line\r\n\r\nsecond\r\n=======\r\n  indented line!\r\n>>>>>>> REPLACE\r\n```\r\n\r\n"
                + "This makes the agent more enthusiastic.\r\n";
        List<Block> blocks = SearchReplaceBlocks.parse(reply);
        assertEquals(1, blocks.size());
        assertEquals(new Block("prompts/system.md", "  indented line\n\nsecond\n", "  indented line!\n"),
                blocks.get(0));
    }

    @Test
    void readsSeveralFilesAndBlocksThatReuseThePreviousPath() {
        String reply = """
                I will change two files.

                `agent.json`
                ```json
                <<<<<<< SEARCH
                  "temperature": 0.7
                =======
                  "temperature": 0.2
                >>>>>>> REPLACE
                ```

                **prompts/tools.md**
                ```
                <<<<<<< SEARCH
                Call search first.
                =======
                Call lookup first.
                >>>>>>> REPLACE
                <<<<<<< SEARCH
                Never guess.
                =======
                >>>>>>> REPLACE
                ```

                prompts/new.md
                ```
                <<<<<<< SEARCH
                =======
                A new file.
                >>>>>>> REPLACE
                ```
                """;
        List<Block> blocks = SearchReplaceBlocks.parse(reply);
        assertEquals(List.of(
                new Block("agent.json", "  \"temperature\": 0.7\n", "  \"temperature\": 0.2\n"),
                new Block("prompts/tools.md", "Call search first.\n", "Call lookup first.\n"),
                new Block("prompts/tools.md", "Never guess.\n", ""),
                new Block("prompts/new.md", "", "A new file.\n")), blocks);
    }

    @Test
    void aPathOnTheFenceLineCounts() {
        List<Block> blocks = SearchReplaceBlocks.parse("""
                ```prompts/a.md
                <<<<<<< SEARCH
                x
                =======
                y
                >>>>>>> REPLACE
                ```
                """);
        assertEquals(List.of(new Block("prompts/a.md", "x\n", "y\n")), blocks);
    }

    @Test
    void noBlocksIsAnEmptyList() {
        assertEquals(List.of(), SearchReplaceBlocks.parse("I don't think anything needs to change."));
    }

    @Test
    void aMissingDividerNamesTheBlock() {
        String reply = """
                a.md
                <<<<<<< SEARCH
                x
                =======
                y
                >>>>>>> REPLACE

                b.md
                <<<<<<< SEARCH
                old
                >>>>>>> REPLACE
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchReplaceBlocks.parse(reply));
        assertTrue(e.getMessage().contains("block 2 (b.md)"), e.getMessage());
        assertTrue(e.getMessage().contains("======="), e.getMessage());
        // the lenient reading keeps the good block
        SearchReplaceBlocks.Parsed parsed = SearchReplaceBlocks.parseAll(reply);
        assertEquals(List.of(new Block("a.md", "x\n", "y\n")), parsed.blocks());
        assertEquals(1, parsed.errors().size());
    }

    @Test
    void aMissingReplaceMarkerNamesTheBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchReplaceBlocks.parse("""
                a.md
                <<<<<<< SEARCH
                x
                =======
                y
                """));
        assertTrue(e.getMessage().contains("block 1 (a.md)"), e.getMessage());
        assertTrue(e.getMessage().contains(">>>>>>> REPLACE"), e.getMessage());
    }

    @Test
    void aMissingPathIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchReplaceBlocks.parse("""
                Here is the change:
                <<<<<<< SEARCH
                x
                =======
                y
                >>>>>>> REPLACE
                """));
        assertTrue(e.getMessage().contains("block 1"), e.getMessage());
        assertTrue(e.getMessage().contains("file path"), e.getMessage());
    }

    @Test
    void aStrayReplaceMarkerIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchReplaceBlocks.parse("""
                a.md
                x
                =======
                y
                >>>>>>> REPLACE
                """));
        assertTrue(e.getMessage().contains("block 1"), e.getMessage());
        assertTrue(e.getMessage().contains("<<<<<<< SEARCH"), e.getMessage());
    }
}
