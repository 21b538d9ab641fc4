package io.alp.engine.budget;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link BudgetLedger} holds, as plain data in micro-dollars (so a saved ledger restores to the exact
 * amounts): what a saved search state keeps of its budget.
 *
 * @param open    the open reservations, oldest first
 * @param settled each settled reservation's charge, in the order they were settled
 * @param spent   what was charged per kind of spend
 */
public record LedgerFacts(long budgetMicros, List<BudgetLedger.Reservation> open, Map<String, Long> settled,
                          Map<SpendKind, Long> spent, long reservedMicros, long overrunMicros) {
    public LedgerFacts {
        open = List.copyOf(open);
        settled = Collections.unmodifiableMap(new LinkedHashMap<>(settled));
        spent = Map.copyOf(spent);
    }
}
