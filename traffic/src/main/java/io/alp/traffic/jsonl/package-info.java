/** ALP's own JSON Lines request log (schema in {@code traffic/JSONL.md}). */
package io.alp.traffic.jsonl;
