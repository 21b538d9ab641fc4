package io.alp.evaluator.llm;

/**
 * What a provider allows one ALP process to send it; 0 means unlimited.
 *
 * @param requestsPerMinute calls started per rolling minute
 * @param tokensPerMinute   input plus output tokens per rolling minute
 * @param maxConcurrent     calls in flight at once
 */
public record ProviderLimits(int requestsPerMinute, long tokensPerMinute, int maxConcurrent) {
    public static final ProviderLimits UNLIMITED = new ProviderLimits(0, 0, 0);

    public ProviderLimits {
        if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxConcurrent < 0) {
            throw new IllegalArgumentException("provider limits cannot be negative");
        }
    }
}
