package io.alp.traffic.store;

import java.time.Instant;

/**
 * A frozen dataset's header: its content-addressed id and hash, a name, where its cases came from, under which
 * policy, when, how many, and what reading and sampling found.
 */
public record DatasetInfo(String id, String contentHash, String name, String source, String policy,
                          Instant createdAt, int size, DatasetReport report) {
}
