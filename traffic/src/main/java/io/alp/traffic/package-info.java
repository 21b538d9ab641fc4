/**
 * Production traffic in: readers that turn trace files, Langfuse exports, JSONL logs and SQL tables into
 * normalized requests ({@link io.alp.engine.port.TrafficSource}), and the store of frozen datasets.
 */
package io.alp.traffic;
