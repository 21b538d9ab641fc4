package io.alp.engine.budget;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetLedgerTest {

    private static final double EPS = 1e-9;

    @Test
    void reservationsBeyondWhatIsLeftAreRefused() {
        BudgetLedger l = new BudgetLedger(1.0);
        assertTrue(l.tryReserve("a", SpendKind.EVALUATION, 0.6).isPresent());
        assertEquals(0.4, l.availableUsd(), EPS);
        assertTrue(l.tryReserve("b", SpendKind.EVALUATION, 0.5).isEmpty());
        assertFalse(l.isOpen("b"));
        assertTrue(l.tryReserve("c", SpendKind.ORCHESTRATOR, 0.4).isPresent(), "an exact fit is allowed");
        assertEquals(0.0, l.availableUsd(), EPS);
        assertEquals(1.0, l.reservedUsd(), EPS);
        assertTrue(l.tryReserve("d", SpendKind.ORCHESTRATOR, 0.000001).isEmpty());
    }

    @Test
    void anOpenReservationIsRaisedOnlyByWhatIsLeft() {
        BudgetLedger l = new BudgetLedger(1.0);
        l.tryReserve("a", SpendKind.EVALUATION, 0.2);
        l.tryReserve("b", SpendKind.EVALUATION, 0.5);
        assertEquals(0.5, l.raisableUsd("a"), EPS);
        assertFalse(l.raiseTo("a", 0.6), "0.4 more does not fit in the 0.3 left");
        assertEquals(0.2, l.reservedUsd("a"), EPS);
        assertTrue(l.raiseTo("a", 0.45));
        assertTrue(l.raiseTo("a", 0.3), "lower than it holds: a replayed raise, nothing changes");
        assertEquals(0.45, l.reservedUsd("a"), EPS);
        assertEquals(0.05, l.availableUsd(), EPS);
        assertFalse(l.raiseTo("c", 0.01), "only an open reservation is raised");
        assertEquals(List.of("a", "b"), l.openIds());
        l.charge("a", 0.1);
        assertEquals(0.4, l.availableUsd(), EPS);
    }

    @Test
    void reservingTheSameIdTwiceReservesOnce() {
        BudgetLedger l = new BudgetLedger(1.0);
        BudgetLedger.Reservation first = l.tryReserve("a", SpendKind.EVALUATION, 0.3).orElseThrow();
        BudgetLedger.Reservation again = l.tryReserve("a", SpendKind.EVALUATION, 0.3).orElseThrow();
        assertEquals(first, again);
        assertEquals(0.3, l.reservedUsd(), EPS);
    }

    @Test
    void chargeSettlesTheReservationAndIsIdempotentPerId() {
        BudgetLedger l = new BudgetLedger(10.0);
        l.tryReserve("e1", SpendKind.EVALUATION, 2.0);
        l.tryReserve("o1", SpendKind.ORCHESTRATOR, 1.0);
        assertTrue(l.charge("e1", 1.5));
        assertFalse(l.charge("e1", 1.5), "a replayed charge is refused");
        assertFalse(l.charge("e1", 9.0), "a duplicate charge with another amount is refused too");
        assertEquals(1.5, l.spentUsd(), EPS);
        assertEquals(1.5, l.spentUsd(SpendKind.EVALUATION), EPS);
        assertEquals(0.0, l.spentUsd(SpendKind.ORCHESTRATOR), EPS);
        assertEquals(1.0, l.reservedUsd(), EPS);
        assertEquals(10.0 - 1.5 - 1.0, l.availableUsd(), EPS);
        assertFalse(l.isOpen("e1"));
        assertTrue(l.tryReserve("e1", SpendKind.EVALUATION, 1.0).isEmpty(), "a settled id cannot reserve again");
        assertEquals(1, l.charges());
        assertEquals(0.0, l.overrunUsd(), EPS);
    }

    @Test
    void chargingAnUnknownReservationFails() {
        BudgetLedger l = new BudgetLedger(1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.charge("ghost", 0.1));
        assertTrue(e.getMessage().contains("ghost"), e.getMessage());
    }

    @Test
    void releaseReturnsTheMoney() {
        BudgetLedger l = new BudgetLedger(5.0);
        l.tryReserve("a", SpendKind.EVALUATION, 3.0);
        assertEquals(2.0, l.availableUsd(), EPS);
        l.release("a");
        assertEquals(5.0, l.availableUsd(), EPS);
        assertEquals(0.0, l.reservedUsd(), EPS);
        assertEquals(0.0, l.spentUsd(), EPS);
        assertFalse(l.isOpen("a"));
        assertFalse(l.charge("a", 1.0), "a released reservation cannot be charged");
        assertEquals(0.0, l.spentUsd(), EPS);
        l.release("a"); // releasing twice changes nothing
        assertEquals(5.0, l.availableUsd(), EPS);
        // the returned money can be reserved by other work
        assertTrue(l.tryReserve("b", SpendKind.EVALUATION, 5.0).isPresent());
    }

    @Test
    void overrunIsRecordedWhenAChargeExceedsItsReservation() {
        BudgetLedger l = new BudgetLedger(10.0);
        l.tryReserve("a", SpendKind.EVALUATION, 1.0);
        l.tryReserve("b", SpendKind.ORCHESTRATOR, 1.0);
        assertTrue(l.charge("a", 1.25));
        assertTrue(l.charge("b", 0.75));
        assertEquals(0.25, l.overrunUsd(), EPS);
        // what was really spent is recorded, even beyond the reservation
        assertEquals(2.0, l.spentUsd(), EPS);
        assertEquals(1.25, l.spentUsd(SpendKind.EVALUATION), EPS);
        assertEquals(8.0, l.availableUsd(), EPS);
    }

    @Test
    void negativeOrNaNAmountsAreRejected() {
        BudgetLedger l = new BudgetLedger(1.0);
        assertThrows(IllegalArgumentException.class, () -> l.tryReserve("a", SpendKind.EVALUATION, -0.01));
        assertThrows(IllegalArgumentException.class, () -> l.tryReserve("a", SpendKind.EVALUATION, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new BudgetLedger(-1));
    }

    @Test
    void moneyIsExactInMicroDollars() {
        BudgetLedger l = new BudgetLedger(1.0);
        for (int i = 0; i < 10; i++) {
            l.tryReserve("r" + i, SpendKind.EVALUATION, 0.1);
            l.charge("r" + i, 0.1);
        }
        // ten times 0.1 is exactly the budget: nothing left, nothing over
        assertEquals(1_000_000L, Money.micros(l.spentUsd()));
        assertEquals(0.0, l.availableUsd());
        assertTrue(l.tryReserve("more", SpendKind.EVALUATION, 0.000001).isEmpty());
    }

    /**
     * 8 threads x 10,000 reserve/settle cycles with random amounts on one ledger. A watcher checks the invariant
     * spent + reserved <= budget on consistent snapshots (the ledger's methods synchronize on the ledger, so
     * holding its monitor freezes it) the whole time; at the end spent equals the sum of the accepted charges.
     */
    @Test
    void concurrentReservationsNeverExceedTheBudget() throws Exception {
        long budgetMicros = 60_000_000L; // $60 against roughly $200 of demand, so the limit is hit under contention
        BudgetLedger ledger = new BudgetLedger(Money.usd(budgetMicros));
        int threads = 8;
        int cycles = 10_000;
        AtomicLong chargedMicros = new AtomicLong();
        AtomicInteger settlements = new AtomicInteger();
        AtomicInteger denied = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);

        Thread watcher = new Thread(() -> {
            while (running.get()) {
                synchronized (ledger) {
                    long spent = Math.round(ledger.spentUsd() * 1e6);
                    long reserved = Math.round(ledger.reservedUsd() * 1e6);
                    if (spent + reserved > budgetMicros || ledger.availableUsd() < 0) {
                        violations.incrementAndGet();
                    }
                }
            }
        });
        watcher.start();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                SplittableRandom rng = new SplittableRandom(1000 + thread);
                start.await();
                for (int i = 0; i < cycles; i++) {
                    String id = "t" + thread + "/" + i;
                    long amount = rng.nextLong(1, 5_000); // up to half a cent
                    Optional<BudgetLedger.Reservation> r =
                            ledger.tryReserve(id, i % 2 == 0 ? SpendKind.EVALUATION : SpendKind.ORCHESTRATOR,
                                    Money.usd(amount));
                    if (ledger.availableUsd() < 0) {
                        violations.incrementAndGet();
                    }
                    if (r.isEmpty()) {
                        denied.incrementAndGet();
                        continue;
                    }
                    if (rng.nextInt(5) == 0) {
                        ledger.release(id);
                    } else {
                        long actual = rng.nextLong(0, amount + 1);
                        if (ledger.charge(id, Money.usd(actual))) {
                            chargedMicros.addAndGet(actual);
                        }
                        if (ledger.charge(id, Money.usd(actual))) { // a duplicate must never count
                            violations.incrementAndGet();
                        }
                    }
                    settlements.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : work) {
            f.get(60, TimeUnit.SECONDS);
        }
        running.set(false);
        watcher.join();
        pool.shutdown();

        assertEquals(0, violations.get(), "spent + reserved exceeded the budget, or a duplicate charge counted");
        assertTrue(denied.get() > 0, "the test must actually hit the budget limit");
        assertEquals(threads * cycles, settlements.get() + denied.get());
        assertEquals(chargedMicros.get(), Math.round(ledger.spentUsd() * 1e6), "spent must equal the charges");
        assertEquals(chargedMicros.get(), Math.round(ledger.sumOfChargesUsd() * 1e6));
        assertEquals(settlements.get(), ledger.charges());
        assertEquals(0.0, ledger.reservedUsd(), EPS);
        assertEquals(0.0, ledger.overrunUsd(), EPS);
        assertTrue(Math.round(ledger.spentUsd() * 1e6) <= budgetMicros);
        assertEquals(ledger.spentUsd(), ledger.spentUsd(SpendKind.EVALUATION)
                + ledger.spentUsd(SpendKind.ORCHESTRATOR), EPS);
    }

    @Test
    void racingDuplicateChargesSettleOnce() throws Exception {
        BudgetLedger ledger = new BudgetLedger(100.0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                String id = "dup" + round;
                ledger.tryReserve(id, SpendKind.EVALUATION, 0.25);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> racers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    racers.add(pool.submit(() -> {
                        go.await();
                        return ledger.charge(id, 0.25);
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> f : racers) {
                    won += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, won, "charge " + id + " settled " + won + " times");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50.0, ledger.spentUsd(), EPS);
    }
}
