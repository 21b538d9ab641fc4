package io.alp.app.console;

/**
 * A session at one moment of its journal: spend, nodes scored, frontier size and hypervolume, at the write time
 * of the event after which they held (epoch millis). The dashboard draws spend and frontier movement from these.
 */
public record TimePoint(long at, double spentUsd, int scored, int frontier, double hypervolume) {
}
