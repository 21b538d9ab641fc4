package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The k requests with the highest keys, one per normalized input, in O(k) memory: a duplicate input keeps its
 * best key. Because the kept set only ever raises its threshold, the result is exactly the top k distinct inputs
 * by their best key, whatever the order the requests arrive in.
 */
final class TopK {

    record Entry(long inputHash, double key, Request request) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingDouble(Entry::key)
            .thenComparing(e -> e.request().id());

    private final int k;
    private final PriorityQueue<Entry> heap = new PriorityQueue<>(ORDER);
    private final Map<Long, Entry> byInput = new HashMap<>();
    private final Duplicates duplicates;

    TopK(int k, Duplicates duplicates) {
        this.k = k;
        this.duplicates = duplicates;
    }

    void offer(Request r, long inputHash, double key) {
        Entry candidate = new Entry(inputHash, key, r);
        Entry present = byInput.get(inputHash);
        if (present != null) {
            duplicates.repeat(ORDER.compare(candidate, present) > 0 ? present.request() : r,
                    ORDER.compare(candidate, present) > 0 ? r : present.request());
            if (ORDER.compare(candidate, present) > 0) {
                heap.remove(present);
                heap.add(candidate);
                byInput.put(inputHash, candidate);
            }
            return;
        }
        if (heap.size() < k) {
            heap.add(candidate);
            byInput.put(inputHash, candidate);
        } else if (k > 0 && ORDER.compare(candidate, heap.peek()) > 0) {
            byInput.remove(heap.poll().inputHash());
            heap.add(candidate);
            byInput.put(inputHash, candidate);
        }
    }

    /** Best first. */
    List<Entry> best() {
        List<Entry> all = new ArrayList<>(heap);
        all.sort(ORDER.reversed());
        return all;
    }
}
