package io.alp.evaluator.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a candidate on one case: a command started without a shell in the candidate's worktree, reading the
 * case as JSON on stdin and printing its answer as JSON on stdout.
 *
 * @param command        program and arguments; a relative program path is relative to the worktree, a bare name is
 *                       looked up on the system {@code PATH}
 * @param timeout        wall-clock time one case may take
 * @param maxOutputBytes the most stdout a case may print; more fails the case
 * @param limits         CPU, memory and process limits
 * @param modelMapFile   a path inside the candidate's source holding a JSON object that maps the model names the
 *                       agent asks for to {@code provider/model}; null when the agent has none. Model-routing edits
 *                       change this file, not code.
 * @param readOnly       host paths the sandbox shows the agent read-only beyond the system's programs and libraries
 *                       (an interpreter installed elsewhere, say)
 */
public record CommandAgent(List<String> command, Duration timeout, long maxOutputBytes, ResourceLimits limits,
                           String modelMapFile, List<java.nio.file.Path> readOnly) {

    public static final long DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
    /** What is kept of stderr: its last 64 KB. */
    public static final int STDERR_TAIL_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    public CommandAgent {
        Objects.requireNonNull(command, "command");
        command = List.copyOf(command);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("agent command is empty: give the program and its arguments");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("agent timeout must be positive, got " + timeout);
        }
        if (maxOutputBytes <= 0) {
            throw new IllegalArgumentException("maxOutputBytes must be positive");
        }
        limits = limits == null ? ResourceLimits.NONE : limits;
        readOnly = readOnly == null ? List.of() : List.copyOf(readOnly);
        for (java.nio.file.Path p : readOnly) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("a read-only path for the sandbox must be absolute, got " + p);
            }
        }
        if (modelMapFile != null) {
            if (modelMapFile.isBlank() || modelMapFile.startsWith("/") || modelMapFile.contains("\\")
                    || List.of(modelMapFile.split("/")).contains("..")) {
                throw new IllegalArgumentException("modelMapFile must be a relative path inside the agent's source, got "
                        + modelMapFile);
            }
        }
    }

    /** A command with the default output cap, the default resource limits and no model map. */
    public static CommandAgent of(List<String> command, Duration timeout) {
        return new CommandAgent(command, timeout, DEFAULT_MAX_OUTPUT_BYTES, ResourceLimits.defaults(timeout), null,
                List.of());
    }

    public CommandAgent withLimits(ResourceLimits more) {
        return new CommandAgent(command, timeout, maxOutputBytes, more, modelMapFile, readOnly);
    }

    public CommandAgent withMaxOutputBytes(long bytes) {
        return new CommandAgent(command, timeout, bytes, limits, modelMapFile, readOnly);
    }

    public CommandAgent withModelMapFile(String path) {
        return new CommandAgent(command, timeout, maxOutputBytes, limits, path, readOnly);
    }

    public CommandAgent withTimeout(Duration more) {
        return new CommandAgent(command, more, maxOutputBytes, limits, modelMapFile, readOnly);
    }

    public CommandAgent withReadOnly(List<java.nio.file.Path> paths) {
        return new CommandAgent(command, timeout, maxOutputBytes, limits, modelMapFile, paths);
    }

    /**
     * The model map held in {@code text}, the content of the model map file {@code file}, in the file's order.
     *
     * @throws IllegalArgumentException naming the file when it is not a JSON object mapping model names to
     *                                  non-blank {@code provider/model} strings
     */
    public static Map<String, String> readModelMap(String text, String file) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("model map file " + file + " must hold a JSON object mapping "
                        + "model names to provider/model");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!f.getValue().isTextual() || f.getValue().asText().isBlank()) {
                    throw new IllegalArgumentException("model map file " + file + ": the model for \"" + f.getKey()
                            + "\" must be a provider/model string");
                }
                map.put(f.getKey(), f.getValue().asText());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model map file " + file + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        return Collections.unmodifiableMap(map);
    }
}
