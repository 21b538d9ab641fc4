package io.alp.engine.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Splits a sample size over strata in proportion to their weights, by largest remainder, within capacities. */
public final class Allocation {

    private Allocation() {
    }

    /**
     * @param weights  each stratum's share of the traffic (counts)
     * @param capacity how many a stratum can give at most
     * @param size     the total wanted; fewer are allocated only when the capacities run out
     */
    public static Map<String, Integer> proportional(Map<String, Long> weights, Map<String, Integer> capacity,
                                                    int size) {
        Map<String, Integer> quota = new TreeMap<>();
        weights.keySet().forEach(s -> quota.put(s, 0));
        List<String> open = new ArrayList<>(weights.keySet());
        open.removeIf(s -> capacity.getOrDefault(s, 0) == 0);
        int remaining = Math.min(size, open.stream().mapToInt(capacity::get).sum());
        while (remaining > 0 && !open.isEmpty()) {
            double total = open.stream().mapToLong(weights::get).sum();
            Map<String, Integer> share = new TreeMap<>();
            Map<String, Double> fraction = new TreeMap<>();
            int given = 0;
            for (String s : open) {
                double exact = remaining * weights.get(s) / total;
                share.put(s, (int) Math.floor(exact));
                fraction.put(s, exact - Math.floor(exact));
                given += (int) Math.floor(exact);
            }
            List<String> byRemainder = new ArrayList<>(open);
            byRemainder.sort(Comparator.comparing((String s) -> -fraction.get(s)).thenComparing(s -> s));
            for (int i = 0; i < remaining - given; i++) {
                share.merge(byRemainder.get(i), 1, Integer::sum);
            }
            List<String> full = open.stream()
                    .filter(s -> quota.get(s) + share.get(s) >= capacity.get(s)).toList();
            if (full.isEmpty()) {
                share.forEach((s, n) -> quota.merge(s, n, Integer::sum));
                break;
            }
            for (String s : full) {
                remaining -= capacity.get(s) - quota.get(s);
                quota.put(s, capacity.get(s));
                open.remove(s);
            }
        }
        return quota;
    }
}
