package io.alp.engine.search;

import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A session's {@code optimizer:} section as the engine uses it: how to search, and the dollar budget that every
 * spend of the session (proposer, worker, evaluations) is charged to.
 */
public record OptimizerConfig(SearchConfig search, double budgetUsd) {

    public OptimizerConfig {
        if (search == null) {
            throw new IllegalArgumentException("an optimizer config needs a search config");
        }
        if (!(budgetUsd > 0) || Double.isInfinite(budgetUsd)) {
            throw new IllegalArgumentException("budget must be a positive number of dollars, got " + budgetUsd);
        }
    }

    /** The default search with this budget. */
    public static OptimizerConfig withBudget(double budgetUsd) {
        return new OptimizerConfig(SearchConfig.defaults(), budgetUsd);
    }

    /**
     * Reads the {@code optimizer:} section. {@code budgetUsd} is required, every search field is optional.
     *
     * @param otherFields fields of the section that other modules read (a real agent's proposer and worker
     *                    models); any field neither here nor there is refused
     * @throws io.alp.engine.config.ConfigException naming the file, line and field of what is wrong
     */
    public static OptimizerConfig from(YamlNode node, List<String> otherFields) {
        List<String> allowed = new ArrayList<>(List.of("budgetUsd"));
        allowed.addAll(SearchConfig.FIELDS);
        allowed.addAll(otherFields);
        YamlMap map = node.asMap().allowOnly(allowed.toArray(String[]::new));
        double budget = map.required("budgetUsd").asPositive();
        return new OptimizerConfig(SearchConfig.from(map), budget);
    }
}
