package io.alp.engine.llm;

/** A model answered twice (once after being told what was wrong) with something that is not the JSON asked for. */
public class MalformedReplyException extends PaidFailure {

    public MalformedReplyException(String message, double costUsd) {
        super(message, costUsd, null);
    }
}
