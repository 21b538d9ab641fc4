package io.alp.evaluator.price;

import io.alp.engine.port.LlmClient.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiteLlmPriceTableTest {

    @TempDir
    Path dir;

    @Test
    void openAiCachedTokensAreASubsetOfInput() {
        LiteLlmPriceTable table = LiteLlmPriceTable.bundled();
        // 6000 plain at $2.50/M + 4000 cached at $1.25/M + 1000 out at $10/M
        assertEquals(0.030, table.costUsd("openai/gpt-4o", new Usage(10_000, 1_000, 4_000, 0)), 1e-12);
        assertEquals(0.0025 + 0.01, table.costUsd("openai/gpt-4o", new Usage(1_000, 1_000, 0, 0)), 1e-12);
    }

    @Test
    void anthropicCacheReadsAndWritesArePricedApart() {
        LiteLlmPriceTable table = LiteLlmPriceTable.bundled();
        // wire: input_tokens 100, cache_read 1000, cache_creation 50, output 20 -> normalized input 1150
        double cost = table.costUsd("anthropic/claude-sonnet-4-5", new Usage(1_150, 20, 1_000, 50));
        assertEquals(100 * 3e-6 + 1_000 * 3e-7 + 50 * 3.75e-6 + 20 * 15e-6, cost, 1e-12);
        assertEquals(0.0010875, cost, 1e-12);
    }

    @Test
    void bundledTableKnowsTheDocumentedModelsAndTheirLimits() {
        LiteLlmPriceTable table = LiteLlmPriceTable.bundled();
        for (String m : new String[]{"openai/gpt-4o", "openai/gpt-4o-mini", "openai/gpt-4.1", "openai/gpt-4.1-mini",
                "openai/gpt-4.1-nano", "openai/o4-mini", "anthropic/claude-sonnet-4-5", "anthropic/claude-haiku-4-5",
                "anthropic/claude-opus-4-1"}) {
            assertTrue(table.knows(m), m);
            assertTrue(table.maxOutputTokens(m).isPresent(), m);
        }
        assertFalse(table.knows("sample_spec"));
        assertEquals(OptionalLong.of(64_000), table.maxOutputTokens("anthropic/claude-sonnet-4-5"));
        assertEquals(OptionalLong.of(128_000), table.maxInputTokens("openai/gpt-4o-mini"));
    }

    @Test
    void unknownModelIsAnErrorNamingModelAndSource() {
        LiteLlmPriceTable table = LiteLlmPriceTable.bundled();
        assertFalse(table.knows("openai/gpt-7"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table.costUsd("openai/gpt-7", new Usage(1, 1, 0, 0)));
        assertTrue(e.getMessage().contains("openai/gpt-7"), e.getMessage());
        assertTrue(e.getMessage().contains("default-prices.json"), e.getMessage());
    }

    @Test
    void exactProviderKeyWinsOverBareKeyAndMissingCacheCostsFallBackToInput() throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {
                  "sample_spec": {"input_cost_per_token": "ignored"},
                  "my-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06,
                               "litellm_provider": "openai", "supports_vision": true, "mode": "chat"},
                  "local/my-model": {"input_cost_per_token": 0, "output_cost_per_token": 0},
                  "dall-e-3": {"output_cost_per_image": 0.04, "litellm_provider": "openai", "mode": "image_generation"}
                }
                """);
        LiteLlmPriceTable table = LiteLlmPriceTable.load(file);
        assertEquals(0.0, table.costUsd("local/my-model", new Usage(1000, 1000, 0, 0)));
        // no cache prices: read and write tokens cost the input price
        assertEquals(1000 * 1e-6 + 10 * 2e-6, table.costUsd("openai/my-model", new Usage(1000, 10, 600, 100)),
                1e-12);
        assertFalse(table.knows("openai/dall-e-3"));
        assertTrue(table.maxOutputTokens("openai/my-model").isEmpty());
    }

    @Test
    void overridesWin() throws Exception {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, """
                {"gpt-4o": {"input_cost_per_token": 1e-06, "output_cost_per_token": 1e-06},
                 "house-model": {"input_cost_per_token": 2e-06, "output_cost_per_token": 4e-06}}
                """);
        LiteLlmPriceTable merged = LiteLlmPriceTable.bundled().withOverrides(LiteLlmPriceTable.load(file));
        assertEquals(2e-6, merged.costUsd("openai/gpt-4o", new Usage(1, 1, 0, 0)), 1e-15);
        assertTrue(merged.knows("vllm/house-model"));
        assertTrue(merged.knows("anthropic/claude-haiku-4-5"));
        assertTrue(merged.source().contains("mine.json"));
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n  \"gpt-4o\": {\n    \"input_cost_per_token\": 1e-06,,\n  }\n}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiteLlmPriceTable.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("column"), e.getMessage());
    }

    @Test
    void badValueNamesFileAndEntry() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"ok\": {\"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 1e-06},"
                + " \"claude-x\": {\"input_cost_per_token\": \"cheap\", \"output_cost_per_token\": 1e-06}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiteLlmPriceTable.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("claude-x"), e.getMessage());
        assertTrue(e.getMessage().contains("input_cost_per_token"), e.getMessage());

        Path negative = dir.resolve("negative.json");
        Files.writeString(negative, "{\"m\": {\"input_cost_per_token\": -1, \"output_cost_per_token\": 1e-06}}");
        assertThrows(IllegalArgumentException.class, () -> LiteLlmPriceTable.load(negative));
    }
}
