package io.alp.engine.port;

/** Dollar prices of models; an unknown model is an error, never a silent $0. */
public interface PriceTable {

    boolean knows(String model);

    /** @throws IllegalArgumentException when the model has no price */
    double costUsd(String model, LlmClient.Usage usage);
}
