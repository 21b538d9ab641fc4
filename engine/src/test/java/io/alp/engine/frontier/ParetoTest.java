package io.alp.engine.frontier;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParetoTest {

    private static final double EPS = 1e-12;

    private static Point p(double pass, double cost) {
        return Point.of(pass, cost);
    }

    @Test
    void higherPassAtSameCostDominates() {
        assertTrue(Pareto.dominates(p(0.6, 1.0), p(0.5, 1.0)));
        assertFalse(Pareto.dominates(p(0.5, 1.0), p(0.6, 1.0)));
    }

    @Test
    void lowerCostAtSamePassDominates() {
        assertTrue(Pareto.dominates(p(0.5, 0.9), p(0.5, 1.0)));
        assertFalse(Pareto.dominates(p(0.5, 1.0), p(0.5, 0.9)));
    }

    @Test
    void betterInBothDominates() {
        assertTrue(Pareto.dominates(p(0.7, 0.5), p(0.5, 1.0)));
    }

    @Test
    void tradeOffsDoNotDominate() {
        assertFalse(Pareto.dominates(p(0.6, 2.0), p(0.5, 1.0)));
        assertFalse(Pareto.dominates(p(0.5, 1.0), p(0.6, 2.0)));
    }

    @Test
    void equalPointsTieAndNeitherDominates() {
        Point a = p(0.5, 1.0);
        Point b = p(0.5, 1.0);
        assertFalse(Pareto.dominates(a, b));
        assertFalse(Pareto.dominates(b, a));
        assertTrue(Pareto.ties(a, b));
        assertFalse(Pareto.ties(a, p(0.5, 1.1)));
        assertFalse(Pareto.ties(a, p(0.51, 1.0)));
    }

    @Test
    void nonDominatedOnAHandMadeSet() {
        Point a = p(0.5, 1.0);
        Point b = p(0.7, 2.0);
        Point c = p(0.6, 2.5); // dominated by b
        Point d = p(0.4, 1.5); // dominated by a
        Point e = p(0.9, 4.0);
        Point f = p(0.5, 1.0); // ties a: both stay
        Point g = p(0.2, 0.3);
        Point h = p(0.2, 0.4); // dominated by g (same pass, dearer)
        List<Point> front = Pareto.nonDominated(List.of(e, c, a, d, b, f, h, g));
        assertEquals(5, front.size(), front.toString());
        assertSame(g, front.get(0));
        // ties keep their input order
        assertSame(a, front.get(1));
        assertSame(f, front.get(2));
        assertSame(b, front.get(3));
        assertSame(e, front.get(4));
    }

    @Test
    void nonDominatedOfEmptyAndSingle() {
        assertTrue(Pareto.nonDominated(List.<Point>of()).isEmpty());
        Point only = p(0.1, 9);
        assertEquals(List.of(only), Pareto.nonDominated(List.of(only)));
    }

    @Test
    void hypervolumeOfASinglePoint() {
        // rectangle from (pass 0, cost 3) to (pass 0.5, cost 1): 0.5 * 2
        assertEquals(1.0, Pareto.hypervolume(List.of(p(0.5, 1.0)), 0, 3), EPS);
        // with a non-zero reference pass-rate: (0.5 - 0.2) * 2
        assertEquals(0.6, Pareto.hypervolume(List.of(p(0.5, 1.0)), 0.2, 3), EPS);
    }

    @Test
    void hypervolumeOfATwoPointStaircase() {
        // (0.4, 1) covers 0.4 * (4 - 1) = 1.2; (0.8, 2) adds (0.8 - 0.4) * (4 - 2) = 0.8
        List<Point> stairs = List.of(p(0.8, 2.0), p(0.4, 1.0));
        assertEquals(2.0, Pareto.hypervolume(stairs, 0, 4), EPS);
    }

    @Test
    void hypervolumeIgnoresDominatedPoints() {
        List<Point> withDominated = List.of(p(0.4, 1.0), p(0.8, 2.0), p(0.3, 1.5), p(0.7, 3.0), p(0.4, 1.0));
        assertEquals(2.0, Pareto.hypervolume(withDominated, 0, 4), EPS);
    }

    @Test
    void hypervolumeIgnoresPointsBeyondTheReference() {
        List<Point> stairs = new ArrayList<>(List.of(p(0.4, 1.0), p(0.8, 2.0)));
        stairs.add(p(0.95, 4.0)); // exactly at the reference cost: adds nothing
        stairs.add(p(0.99, 7.0)); // dearer than the reference
        stairs.add(p(0.0, 0.1));  // at the reference pass-rate
        assertEquals(2.0, Pareto.hypervolume(stairs, 0, 4), EPS);
        assertEquals(0.0, Pareto.hypervolume(List.of(p(0.9, 5.0)), 0, 4), EPS);
        assertEquals(0.0, Pareto.hypervolume(List.of(), 0, 4), EPS);
    }

    @Test
    void hypervolumeDoesNotDependOnInputOrder() {
        Random rng = new Random(11);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            points.add(p(rng.nextInt(21) / 20.0, rng.nextInt(21) / 10.0));
        }
        double expected = Pareto.hypervolume(points, 0, 2.5);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(points, rng);
            assertEquals(expected, Pareto.hypervolume(points, 0, 2.5), 1e-9);
        }
    }

    @Test
    void hypervolumeMatchesAGridCount() {
        // brute-force the dominated area on a fine grid and compare
        List<Point> points = List.of(p(0.3, 0.5), p(0.55, 1.25), p(0.9, 2.0), p(0.5, 1.5), p(0.2, 3.5));
        double refCost = 3.0;
        int steps = 1000;
        double cell = (1.0 / steps) * (refCost / steps);
        double area = 0;
        for (int i = 0; i < steps; i++) {
            double pass = (i + 0.5) / steps;
            for (int j = 0; j < steps; j++) {
                double cost = (j + 0.5) * refCost / steps;
                for (Point q : points) {
                    if (q.passRate() >= pass && q.cost() <= cost) {
                        area += cell;
                        break;
                    }
                }
            }
        }
        // exact: 0.3*2.5 + 0.25*1.75 + 0.35*1.0 = 1.5375
        assertEquals(1.5375, Pareto.hypervolume(points, 0, refCost), EPS);
        assertEquals(1.5375, area, 1e-2);
    }

    @Test
    void eachPointsExclusiveContributionIsWhatTheHypervolumeLosesWithoutIt() {
        List<Point> front = List.of(Point.of(0.3, 0.5), Point.of(0.55, 1.25), Point.of(0.9, 2.0));
        double refCost = 3.0;
        double[] exclusive = Pareto.exclusiveContributions(front, 0, refCost);
        double all = Pareto.hypervolume(front, 0, refCost);
        for (int i = 0; i < front.size(); i++) {
            List<Point> without = new ArrayList<>(front);
            without.remove(i);
            assertEquals(all - Pareto.hypervolume(without, 0, refCost), exclusive[i], EPS, "point " + i);
        }
        // by hand: 0.3 * 0.75, 0.25 * 0.75, 0.35 * 1.0
        assertEquals(0.225, exclusive[0], EPS);
        assertEquals(0.1875, exclusive[1], EPS);
        assertEquals(0.35, exclusive[2], EPS);
    }
}
