/**
 * What the traffic readers share: the ALP flat request schema (JSONL lines and SQL rows), the text of logged
 * inputs and outputs, typed field reads that name the field at fault, and the guard that tells a file of another
 * format from a file with a few bad records.
 */
package io.alp.traffic.read;
