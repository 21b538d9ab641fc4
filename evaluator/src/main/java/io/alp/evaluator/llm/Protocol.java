package io.alp.evaluator.llm;

/** The wire protocol a provider speaks. */
public enum Protocol {
    /** OpenAI chat completions: OpenAI itself and every compatible server (vLLM, Ollama, LiteLLM, OpenRouter). */
    OPENAI,
    /** Anthropic messages. */
    ANTHROPIC
}
