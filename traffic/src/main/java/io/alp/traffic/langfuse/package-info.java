/** Langfuse trace exports (arrays, public API pages, JSON Lines) read as requests, one per trace. */
package io.alp.traffic.langfuse;
