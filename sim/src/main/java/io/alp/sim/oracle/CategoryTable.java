package io.alp.sim.oracle;

import io.alp.sim.behaviour.CaseProfile;
import io.alp.sim.behaviour.OutcomeModel;
import io.alp.sim.behaviour.TokenUsage;
import io.alp.sim.world.Harness;

import java.util.ArrayList;
import java.util.List;

/**
 * Each category's contribution to the dataset means, for every (harness, model): its share of cases times the
 * mean pass probability and mean cost over its cases. A configuration's score is then a sum over categories,
 * which is what makes exact enumeration of the whole space cheap.
 */
final class CategoryTable {

    private final int models;
    private final double[][] pass; // [category][harness * models + model]
    private final double[][] cost;

    CategoryTable(OutcomeModel model, ConfigurationSpace space, List<CaseProfile> cases) {
        int categories = model.world().categories().size();
        models = model.world().models().size();
        List<List<CaseProfile>> byCategory = new ArrayList<>();
        for (int c = 0; c < categories; c++) {
            byCategory.add(new ArrayList<>());
        }
        cases.forEach(p -> byCategory.get(p.category()).add(p));
        pass = new double[categories][space.harnessCount() * models];
        cost = new double[categories][space.harnessCount() * models];
        for (int c = 0; c < categories; c++) {
            fill(model, space, c, byCategory.get(c), cases.size());
        }
    }

    private void fill(OutcomeModel model, ConfigurationSpace space, int category, List<CaseProfile> cases, int total) {
        if (cases.isEmpty()) {
            return;
        }
        double[] difficulty = cases.stream().mapToDouble(CaseProfile::difficulty).toArray();
        for (int h = 0; h < space.harnessCount(); h++) {
            Harness harness = space.harness(h);
            long input = 0;
            long output = 0;
            for (CaseProfile c : cases) {
                TokenUsage usage = model.usage(harness, category, c.tokenFactor());
                input += usage.inputTokens();
                output += usage.outputTokens();
            }
            for (int m = 0; m < models; m++) {
                double logit = model.logit(harness, m, category);
                double sum = 0;
                for (double d : difficulty) {
                    sum += OutcomeModel.passProbability(logit, d);
                }
                pass[category][h * models + m] = sum / total;
                cost[category][h * models + m] = model.costUsd(m, new TokenUsage(input, output)) / total;
            }
        }
    }

    /** This category's share-weighted mean pass probability under a harness and model. */
    double pass(int category, int harness, int model) {
        return pass[category][harness * models + model];
    }

    double cost(int category, int harness, int model) {
        return cost[category][harness * models + model];
    }
}
