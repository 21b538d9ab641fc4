package io.alp.sim.world;

import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import java.util.List;

/** The declared knob values, for checking that needs refer to something that exists. */
record KnobCatalog(List<TokenKnob> clauses, List<TokenKnob> tools, List<Scaffold> scaffolds,
                           List<MemoryPolicy> memories) {

    void requireDeclared(KnobKind kind, String value, YamlNode where) {
        List<String> declared = switch (kind) {
            case CLAUSE -> clauses.stream().map(TokenKnob::name).toList();
            case TOOL -> tools.stream().map(TokenKnob::name).toList();
            case SCAFFOLD -> scaffolds.stream().map(Scaffold::name).toList();
            case MEMORY -> memories.stream().map(MemoryPolicy::name).toList();
            case ROUTE -> List.of();
        };
        if (!declared.contains(value)) {
            throw where.error("unknown " + kind.word() + " \"" + value + "\"; declared: " + String.join(", ", declared));
        }
    }
}
