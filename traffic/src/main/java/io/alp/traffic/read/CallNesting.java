package io.alp.traffic.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Model calls that several stacked instrumentations describe at once: Google ADK's {@code call_llm} span over
 * google-genai's {@code generate_content}, the Vercel AI SDK's {@code ai.generateText} over {@code doGenerate}, a
 * framework span over OpenLLMetry's {@code openai.chat}, or the Langfuse generations made of them. The innermost
 * call records are the calls; a wrapper over exactly one of them describes that same call (and may fill in what it
 * lacks), a wrapper over several is an aggregate. Works on any record with an id and a parent id.
 *
 * @param <T> a span or observation
 */
public final class CallNesting<T> {

    private final Map<T, List<T>> wrappers;
    private final int merged;

    private CallNesting(Map<T, List<T>> wrappers, int merged) {
        this.wrappers = wrappers;
        this.merged = merged;
    }

    /**
     * @param records every record of the trace, to walk up parents through records that are not calls
     * @param inScope the records whose calls count (a request's part of the trace)
     */
    public static <T> CallNesting<T> of(Iterable<T> records, Predicate<T> inScope, Function<T, String> id,
                                        Function<T, String> parent, Predicate<T> isCall) {
        Map<String, T> byId = new HashMap<>();
        List<T> calls = new ArrayList<>();
        for (T r : records) {
            String key = id.apply(r);
            if (key != null) {
                byId.putIfAbsent(key, r);
            }
            if (isCall.test(r) && inScope.test(r)) {
                calls.add(r);
            }
        }
        Set<T> callSet = new HashSet<>(calls);
        Map<T, T> wrapperOf = new HashMap<>();
        Map<T, Integer> inner = new HashMap<>();
        for (T call : calls) {
            T up = call;
            // Bounded by the record count, in case broken ids make the parent chain a cycle.
            for (int steps = 0; steps <= byId.size(); steps++) {
                String parentId = parent.apply(up);
                up = parentId == null ? null : byId.get(parentId);
                if (up == null || up == call) {
                    break;
                }
                if (callSet.contains(up)) {
                    wrapperOf.put(call, up);
                    inner.merge(up, 1, Integer::sum);
                    break;
                }
            }
        }
        Map<T, List<T>> result = new LinkedHashMap<>();
        for (T call : calls) {
            if (inner.containsKey(call)) {
                continue;
            }
            List<T> chain = new ArrayList<>(1);
            for (T w = wrapperOf.get(call); w != null && inner.get(w) == 1 && chain.size() < 64;
                 w = wrapperOf.get(w)) {
                chain.add(w);
            }
            result.put(call, chain);
        }
        return new CallNesting<>(result, calls.size() - result.size());
    }

    /** The innermost calls, in the records' order, each with the wrappers that describe only it, nearest first. */
    public Map<T, List<T>> calls() {
        return wrappers;
    }

    /** How many call records were wrappers of others and do not count on their own. */
    public int merged() {
        return merged;
    }
}
