/**
 * Live traffic in: an OTLP/HTTP trace receiver ({@code POST /v1/traces}, JSON and protobuf) that appends what it
 * receives to a directory of segment files with a retention limit, read back as a traffic source.
 */
package io.alp.traffic.collect;
