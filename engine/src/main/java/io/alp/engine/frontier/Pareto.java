package io.alp.engine.frontier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Pareto math in (pass-rate, cost) space: pass-rate is maximized, cost per case minimized. */
public final class Pareto {

    private Pareto() {
    }

    /** {@code a} dominates {@code b}: at least as good in both objectives and strictly better in one. */
    public static boolean dominates(Point a, Point b) {
        return a.passRate() >= b.passRate() && a.cost() <= b.cost()
                && (a.passRate() > b.passRate() || a.cost() < b.cost());
    }

    /** Same pass-rate and same cost: neither dominates, both stay on the frontier. */
    public static boolean ties(Point a, Point b) {
        return a.passRate() == b.passRate() && a.cost() == b.cost();
    }

    /** The points no other point dominates, sorted by cost ascending (ties kept, in input order). */
    public static <P extends Point> List<P> nonDominated(List<P> points) {
        List<P> front = new ArrayList<>();
        for (P p : points) {
            boolean dominated = false;
            for (P q : points) {
                if (q != p && dominates(q, p)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(p);
            }
        }
        front.sort(Comparator.comparingDouble(Point::cost));
        return front;
    }

    /**
     * Area dominated by {@code points} and bounded by the reference point (pass-rate {@code refPass}, cost
     * {@code refCost}); points at or below the reference pass-rate, or above the reference cost, add nothing.
     */
    public static double hypervolume(List<? extends Point> points, double refPass, double refCost) {
        List<Point> front = new ArrayList<>();
        for (Point p : nonDominated(points)) {
            if (p.cost() < refCost && p.passRate() > refPass) {
                front.add(p);
            }
        }
        double area = 0;
        double coveredPass = refPass;
        for (Point p : front) { // cost ascending, so pass-rate ascending along a frontier
            if (p.passRate() > coveredPass) {
                area += (p.passRate() - coveredPass) * (refCost - p.cost());
                coveredPass = p.passRate();
            }
        }
        return area;
    }

    /**
     * The area each point of a frontier covers alone: how much the hypervolume would shrink without it. Points
     * must be non-dominated and sorted by cost ascending (as {@link #nonDominated} returns them).
     */
    public static double[] exclusiveContributions(List<? extends Point> frontier, double refPass, double refCost) {
        double[] out = new double[frontier.size()];
        for (int i = 0; i < frontier.size(); i++) {
            Point p = frontier.get(i);
            double below = i == 0 ? refPass : Math.max(refPass, frontier.get(i - 1).passRate());
            double nextCost = i + 1 < frontier.size() ? Math.min(refCost, frontier.get(i + 1).cost()) : refCost;
            out[i] = Math.max(0, p.passRate() - below) * Math.max(0, nextCost - p.cost());
        }
        return out;
    }
}
