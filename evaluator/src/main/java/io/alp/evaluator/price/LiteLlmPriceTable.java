package io.alp.evaluator.price;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Model prices in the shape of LiteLLM's {@code model_prices_and_context_window.json}: a map from model key to
 * {@code input_cost_per_token}, {@code output_cost_per_token}, {@code cache_read_input_token_cost},
 * {@code cache_creation_input_token_cost}, {@code max_input_tokens}, {@code max_output_tokens} and many fields this
 * table ignores. Entries without both an input and an output cost (image, audio, embedding-only models) are not
 * priced; the {@code sample_spec} entry is skipped.
 *
 * <p>A model {@code provider/model} is looked up under that exact key first, then under the bare {@code model}
 * (LiteLLM keys OpenAI and Anthropic models without a prefix).
 */
public final class LiteLlmPriceTable implements PriceTable {

    /** Where {@link #bundled()} reads from, on the class path. */
    public static final String BUNDLED_RESOURCE = "io/alp/evaluator/price/default-prices.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The price of one model, in dollars per token.
     *
     * @param cacheReadPerToken  null when the table gives none (cache reads then cost the input price)
     * @param cacheWritePerToken null when the table gives none (cache writes then cost the input price)
     * @param maxInputTokens     0 when unknown
     * @param maxOutputTokens    0 when unknown
     */
    public record Price(double inputPerToken, double outputPerToken, Double cacheReadPerToken,
                        Double cacheWritePerToken, long maxInputTokens, long maxOutputTokens) {

        /** Dollars for this usage; cache reads and writes are subsets of the input tokens. */
        public double costUsd(LlmClient.Usage usage) {
            long plain = usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens();
            double read = cacheReadPerToken == null ? inputPerToken : cacheReadPerToken;
            double write = cacheWritePerToken == null ? inputPerToken : cacheWritePerToken;
            return plain * inputPerToken + usage.cacheReadTokens() * read + usage.cacheWriteTokens() * write
                    + usage.outputTokens() * outputPerToken;
        }
    }

    private final Map<String, Price> prices;
    private final String source;

    private LiteLlmPriceTable(Map<String, Price> prices, String source) {
        this.prices = Collections.unmodifiableMap(prices);
        this.source = source;
    }

    /**
     * @throws IllegalArgumentException naming the file and the line and column of bad JSON, or the file and the
     *                                  entry with a bad value
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static LiteLlmPriceTable load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read price file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** The prices shipped with ALP (public list prices of a few common models). */
    public static LiteLlmPriceTable bundled() {
        try (InputStream in = LiteLlmPriceTable.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled price table " + BUNDLED_RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param source names the table in error messages (a file path)
     * @throws IllegalArgumentException on bad JSON (with line and column) or a bad entry (with its key)
     */
    public static LiteLlmPriceTable parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new IllegalArgumentException("price file " + source + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("price file " + source
                    + " must hold a JSON object of model names to prices");
        }
        Map<String, Price> prices = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if ("sample_spec".equals(key)) {
                continue;
            }
            JsonNode e = entry.getValue();
            if (!e.isObject()) {
                throw new IllegalArgumentException("price file " + source + ", entry '" + key
                        + "': expected an object of prices, found " + e.getNodeType().name().toLowerCase());
            }
            Double input = cost(e, "input_cost_per_token", source, key);
            Double output = cost(e, "output_cost_per_token", source, key);
            if (input == null || output == null) {
                continue;
            }
            Double read = cost(e, "cache_read_input_token_cost", source, key);
            Double write = cost(e, "cache_creation_input_token_cost", source, key);
            long maxIn = count(e, "max_input_tokens", source, key);
            long maxOut = count(e, "max_output_tokens", source, key);
            if (maxOut == 0) {
                maxOut = count(e, "max_tokens", source, key);
            }
            prices.put(key, new Price(input, output, read, write, maxIn, maxOut));
        }
        return new LiteLlmPriceTable(prices, source);
    }

    /** This table with {@code other}'s entries added, {@code other} winning where both price a model. */
    public LiteLlmPriceTable withOverrides(LiteLlmPriceTable other) {
        Map<String, Price> merged = new LinkedHashMap<>(prices);
        merged.putAll(other.prices);
        return new LiteLlmPriceTable(merged, other.source + " over " + source);
    }

    /** Where the prices came from, as error messages name it. */
    public String source() {
        return source;
    }

    /** The price of {@code provider/model} (exact key, then the bare model), if any. */
    public Optional<Price> price(String model) {
        if (model == null) {
            return Optional.empty();
        }
        Price exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        int slash = model.indexOf('/');
        return slash < 0 ? Optional.empty() : Optional.ofNullable(prices.get(model.substring(slash + 1)));
    }

    @Override
    public boolean knows(String model) {
        return price(model).isPresent();
    }

    @Override
    public double costUsd(String model, LlmClient.Usage usage) {
        return require(model).costUsd(usage);
    }

    /** The largest prompt the model takes, when the table says. */
    public OptionalLong maxInputTokens(String model) {
        long n = require(model).maxInputTokens();
        return n > 0 ? OptionalLong.of(n) : OptionalLong.empty();
    }

    /** The largest reply the model gives, when the table says. */
    public OptionalLong maxOutputTokens(String model) {
        long n = require(model).maxOutputTokens();
        return n > 0 ? OptionalLong.of(n) : OptionalLong.empty();
    }

    private Price require(String model) {
        return price(model).orElseThrow(() -> new IllegalArgumentException("model '" + model
                + "' has no price in " + source + " (looked up as '" + model + "'"
                + (model != null && model.indexOf('/') > 0 ? " and '" + model.substring(model.indexOf('/') + 1)
                + "'" : "") + ")"));
    }

    private static Double cost(JsonNode entry, String field, String source, String key) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                throw bad(source, key, field, v);
            }
        } else {
            throw bad(source, key, field, v);
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw bad(source, key, field, v);
        }
        return d;
    }

    private static long count(JsonNode entry, String field, String source, String key) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (v.isIntegralNumber() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Math.max(0, Long.parseLong(v.asText().trim()));
            } catch (NumberFormatException e) {
                throw bad(source, key, field, v);
            }
        }
        throw bad(source, key, field, v);
    }

    private static IllegalArgumentException bad(String source, String key, String field, JsonNode v) {
        return new IllegalArgumentException("price file " + source + ", entry '" + key + "': " + field
                + " must be a non-negative number, found " + v);
    }
}
