package io.alp.engine.model;

/** The aspect of an agent an edit changes; {@code COMBINED}: several edits applied as one ({@link Edit#combined}). */
public enum EditClass {
    PROMPT, TOOL, SCAFFOLD, MEMORY, ROUTING, MULTI_AGENT, OTHER, COMBINED
}
