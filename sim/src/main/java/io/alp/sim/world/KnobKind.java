package io.alp.sim.world;

import io.alp.engine.model.EditClass;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of knobs of a simulated agent, with the edit class that changes each. */
public enum KnobKind {
    CLAUSE("clause", EditClass.PROMPT),
    TOOL("tool", EditClass.TOOL),
    SCAFFOLD("scaffold", EditClass.SCAFFOLD),
    MEMORY("memory", EditClass.MEMORY),
    ROUTE("route", EditClass.ROUTING);

    private final String word;
    private final EditClass editClass;

    KnobKind(String word, EditClass editClass) {
        this.word = word;
        this.editClass = editClass;
    }

    /** How the kind is spelled in world files, sources, edit payloads and judge reasons. */
    public String word() {
        return word;
    }

    public EditClass editClass() {
        return editClass;
    }

    /** Clauses and tools are switched on or off; the other kinds pick one value among several. */
    public boolean isToggle() {
        return this == CLAUSE || this == TOOL;
    }

    public static Optional<KnobKind> fromWord(String word) {
        return Arrays.stream(values()).filter(k -> k.word.equals(word)).findFirst();
    }
}
