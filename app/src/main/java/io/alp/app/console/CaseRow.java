package io.alp.app.console;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One case of one node as the console shows it.
 *
 * @param verdict       {@code pass}, {@code fail} (judged a failure) or {@code error} (could not be evaluated)
 * @param error         why the case could not be evaluated, or null
 * @param reason        the judge's reason (for an error, the same text as {@code error})
 * @param parentVerdict the parent's verdict on the same case, or null (the baseline, or a case the parent lacks)
 * @param changed       whether the verdict differs from the parent's
 * @param stderrTail    the end of what the agent program wrote on stderr; left out when it wrote nothing
 */
public record CaseRow(String caseId, String input, String output, String verdict, String error, String reason,
                      long inputTokens, long outputTokens, double costUsd, double judgeCostUsd, double agreement,
                      String parentVerdict, boolean changed,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String stderrTail) {

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String ERROR = "error";
}
