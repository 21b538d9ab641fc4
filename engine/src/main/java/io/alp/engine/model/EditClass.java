package io.alp.engine.model;

/** The aspect of an agent an edit changes. */
public enum EditClass {
    PROMPT, TOOL, SCAFFOLD, MEMORY, ROUTING, MULTI_AGENT, OTHER
}
