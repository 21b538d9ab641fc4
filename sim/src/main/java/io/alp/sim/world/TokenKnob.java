package io.alp.sim.world;

/** A prompt clause or tool: on or off; when on it adds {@code tokens} input tokens per case (before the scaffold factor). */
public record TokenKnob(String name, long tokens) {
}
