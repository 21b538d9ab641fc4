package io.alp.evaluator.proposer;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import static io.alp.evaluator.proposer.Texts.oneLine;

/**
 * Reads the model's JSON reply into {@link Edit}s: the payload ({@code files}, {@code change}) is the change itself
 * and the description is commentary (summary, rationale, expected effect). A reply that cannot be used is rejected
 * with a message the model can act on when asked to repair it.
 */
final class ProposalReader {

    private static final String CLASSES = "prompt, tool, scaffold, memory, routing, multi_agent";

    private ProposalReader() {
    }

    /**
     * The proposals in a reply, in order.
     *
     * @throws IllegalArgumentException naming what is wrong and how to fix it
     */
    static List<Edit> read(JsonNode reply, Predicate<String> editable, int count) {
        JsonNode proposals = reply == null ? null : reply.get("proposals");
        if (proposals == null || !proposals.isArray()) {
            throw new IllegalArgumentException("the reply has no \"proposals\" array: answer "
                    + "{\"proposals\":[{\"class\":...,\"files\":[...],\"change\":...,\"rationale\":...,"
                    + "\"expected\":{...}}]}");
        }
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("the \"proposals\" array is empty: propose " + count + " edits");
        }
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            edits.add(proposal(proposals.get(i), "proposal " + (i + 1), editable));
        }
        return edits;
    }

    private static Edit proposal(JsonNode node, String where, Predicate<String> editable) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        EditClass editClass = editClass(node.get("class"), where);
        String files = String.join(",", files(node.get("files"), where, editable));
        String change = change(node.get("change"), where);
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("files", files);
        payload.put("change", change);
        return new Edit(editClass, description(change, node), payload);
    }

    private static EditClass editClass(JsonNode node, String where) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(where + " has no \"class\": use one of " + CLASSES);
        }
        String name = node.asText().strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return switch (name) {
            case "prompt" -> EditClass.PROMPT;
            case "tool" -> EditClass.TOOL;
            case "scaffold" -> EditClass.SCAFFOLD;
            case "memory" -> EditClass.MEMORY;
            case "routing" -> EditClass.ROUTING;
            case "multi_agent", "multiagent" -> EditClass.MULTI_AGENT;
            default -> throw new IllegalArgumentException(where + " has unknown class \"" + node.asText()
                    + "\": use one of " + CLASSES);
        };
    }

    /** The normalized paths, sorted: the payload joins them with commas, so no path may hold one. */
    private static TreeSet<String> files(JsonNode node, String where, Predicate<String> editable) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(where + " has no \"files\" array: list the editable files it "
                    + "changes, by the paths shown");
        }
        TreeSet<String> files = new TreeSet<>();
        for (JsonNode f : node) {
            if (!f.isTextual() || f.asText().isBlank()) {
                throw new IllegalArgumentException(where + " has a \"files\" entry that is not a path: " + f);
            }
            String path = normalize(f.asText());
            if (!editable.test(path)) {
                throw new IllegalArgumentException(where + " targets \"" + path + "\", which is not an editable "
                        + "file: target only the editable files shown");
            }
            if (path.contains(",")) {
                throw new IllegalArgumentException(where + " names a path with a comma, \"" + path + "\"");
            }
            files.add(path);
        }
        return files;
    }

    private static String change(JsonNode node, String where) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(where + " has an empty \"change\": say concretely what to change");
        }
        return node.asText().strip();
    }

    private static String description(String change, JsonNode proposal) {
        String rationale = text(proposal.get("rationale"));
        JsonNode expected = proposal.get("expected");
        String passRate = expected == null ? "" : text(expected.get("passRate"));
        String cost = expected == null ? "" : text(expected.get("cost"));

        StringBuilder description = new StringBuilder(summary(change));
        if (!rationale.isEmpty()) {
            description.append(" Why: ").append(oneLine(rationale));
        }
        if (!passRate.isEmpty() || !cost.isEmpty()) {
            description.append(" Expected:");
            if (!passRate.isEmpty()) {
                description.append(" pass-rate ").append(oneLine(passRate));
            }
            if (!cost.isEmpty()) {
                description.append(passRate.isEmpty() ? "" : ",").append(" cost ").append(oneLine(cost));
            }
            description.append('.');
        }
        return description.toString();
    }

    private static String normalize(String path) {
        String p = path.strip().replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : (node.isTextual() ? node.asText() : node.toString()).strip();
    }

    /** The change's first sentence or line, at most 160 characters. */
    private static String summary(String change) {
        String line = oneLine(change);
        int stop = line.indexOf(". ");
        if (stop > 0 && stop < 160) {
            return line.substring(0, stop + 1);
        }
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
