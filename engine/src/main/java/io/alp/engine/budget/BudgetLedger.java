package io.alp.engine.budget;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session's dollar budget. Work reserves an upper bound of its cost before it is dispatched, so concurrent
 * work can never overspend; when the work ends, its reservation is settled with the actual charge. Every
 * operation is idempotent per reservation id, which makes replaying persisted events safe.
 */
public final class BudgetLedger {

    private final long budget;
    private final Map<String, Reservation> open = new LinkedHashMap<>();
    private final Map<String, Long> settled = new LinkedHashMap<>();
    private final EnumMap<SpendKind, Long> spent = new EnumMap<>(SpendKind.class);
    private long reserved;
    private long overrun;

    public BudgetLedger(double budgetUsd) {
        this(Money.micros(budgetUsd));
    }

    private BudgetLedger(long budgetMicros) {
        this.budget = budgetMicros;
        for (SpendKind k : SpendKind.values()) {
            spent.put(k, 0L);
        }
    }

    public synchronized LedgerFacts facts() {
        return new LedgerFacts(budget, List.copyOf(open.values()), settled, spent, reserved, overrun);
    }

    /** The ledger that holds {@code facts}. */
    public static BudgetLedger restore(LedgerFacts facts) {
        BudgetLedger ledger = new BudgetLedger(facts.budgetMicros());
        for (Reservation r : facts.open()) {
            ledger.open.put(r.id(), r);
        }
        ledger.settled.putAll(facts.settled());
        ledger.spent.putAll(facts.spent());
        ledger.reserved = facts.reservedMicros();
        ledger.overrun = facts.overrunMicros();
        return ledger;
    }

    /** Reserves {@code amountUsd} under {@code id}, or returns empty when it does not fit in what is left. */
    public synchronized Optional<Reservation> tryReserve(String id, SpendKind kind, double amountUsd) {
        Reservation existing = open.get(id);
        if (existing != null) {
            return Optional.of(existing);
        }
        if (settled.containsKey(id)) {
            return Optional.empty();
        }
        long amount = Money.micros(amountUsd);
        if (amount > availableMicros()) {
            return Optional.empty();
        }
        Reservation r = new Reservation(id, kind, amount);
        open.put(id, r);
        reserved += amount;
        return Optional.of(r);
    }

    /**
     * Raises an open reservation to {@code totalUsd} when the difference fits in what is left; a reservation already
     * at or above it is left as it is (a replayed raise). Returns whether it now covers {@code totalUsd}.
     */
    public synchronized boolean raiseTo(String id, double totalUsd) {
        Reservation r = open.get(id);
        if (r == null) {
            return false;
        }
        long extra = Money.micros(totalUsd) - r.amountMicros();
        if (extra <= 0) {
            return true;
        }
        if (extra > availableMicros()) {
            return false;
        }
        open.put(id, new Reservation(id, r.kind(), r.amountMicros() + extra));
        reserved += extra;
        return true;
    }

    /** What an open reservation could be raised to at most now: its amount plus what is left; 0 when not open. */
    public synchronized double raisableUsd(String id) {
        Reservation r = open.get(id);
        return r == null ? 0 : Money.usd(r.amountMicros() + availableMicros());
    }

    /** The amount an open reservation holds; 0 when not open. */
    public synchronized double reservedUsd(String id) {
        Reservation r = open.get(id);
        return r == null ? 0 : r.amountUsd();
    }

    /**
     * Settles a reservation with what the work actually cost. Reservations are upper bounds given by the ports;
     * money spent beyond one is still recorded as spent (it was spent) and counted in {@link #overrunUsd()}.
     *
     * @return false when this reservation was already settled (a replayed or duplicate settlement)
     */
    public synchronized boolean charge(String id, double actualUsd) {
        if (settled.containsKey(id)) {
            return false;
        }
        Reservation r = open.remove(id);
        if (r == null) {
            throw new IllegalStateException("no open reservation '" + id + "' to charge");
        }
        long actual = Money.micros(actualUsd);
        overrun += Math.max(0, actual - r.amountMicros());
        reserved -= r.amountMicros();
        spent.merge(r.kind(), actual, Long::sum);
        settled.put(id, actual);
        return true;
    }

    /** Returns a reservation unused (work that was never dispatched). */
    public synchronized void release(String id) {
        Reservation r = open.remove(id);
        if (r != null) {
            reserved -= r.amountMicros();
            settled.put(id, 0L);
        }
    }

    /** The ids of the open reservations, oldest first. */
    public synchronized List<String> openIds() {
        return List.copyOf(open.keySet());
    }

    public synchronized boolean isOpen(String id) {
        return open.containsKey(id);
    }

    public synchronized double budgetUsd() {
        return Money.usd(budget);
    }

    public synchronized double spentUsd() {
        return Money.usd(spentMicros());
    }

    public synchronized double spentUsd(SpendKind kind) {
        return Money.usd(spent.get(kind));
    }

    public synchronized double reservedUsd() {
        return Money.usd(reserved);
    }

    public synchronized double availableUsd() {
        return Money.usd(availableMicros());
    }

    /** The sum of every settled charge, which always equals {@link #spentUsd()}. */
    public synchronized double sumOfChargesUsd() {
        return Money.usd(settled.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Money charged beyond its reservation: zero unless a port's upper bound was wrong. */
    public synchronized double overrunUsd() {
        return Money.usd(overrun);
    }

    public synchronized int charges() {
        return settled.size();
    }

    private long spentMicros() {
        return spent.values().stream().mapToLong(Long::longValue).sum();
    }

    private long availableMicros() {
        return budget - spentMicros() - reserved;
    }

    public record Reservation(String id, SpendKind kind, long amountMicros) {
        public double amountUsd() {
            return Money.usd(amountMicros);
        }
    }
}
