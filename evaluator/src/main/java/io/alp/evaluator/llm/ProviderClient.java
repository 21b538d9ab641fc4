package io.alp.evaluator.llm;

import io.alp.engine.port.Failures;
import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.LlmClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What both provider clients share: the key read once from the environment, the {@link ProviderGate}, the
 * per-attempt timeout and the retries (the SDKs' own retries are off). Subclasses only send one attempt and say
 * what a failure was.
 */
abstract class ProviderClient implements LlmClient, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderClient.class);

    /** Timers for retries and rate windows; the work they start runs on the SDKs' own threads. */
    static final ScheduledExecutorService TIMERS = timers();

    /** Sent to servers that need no key (local vLLM, Ollama): the SDKs insist on one. */
    static final String PLACEHOLDER_KEY = "no-key";

    protected final ProviderSpec spec;
    protected final ClientTuning tuning;
    private final ProviderGate gate;
    private final String key;
    private final KeyRedaction redaction;

    protected ProviderClient(ProviderSpec spec, Function<String, String> env, ClientTuning tuning) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.tuning = tuning == null ? ClientTuning.DEFAULT : tuning;
        this.key = readKey(spec, env);
        this.redaction = new KeyRedaction(key);
        this.gate = new ProviderGate(spec.limits(), this.tuning.rateWindow(), TIMERS);
    }

    /** The key for the SDK; never logged, never put in a message. */
    protected final String apiKey() {
        return key == null ? PLACEHOLDER_KEY : key;
    }

    public final ProviderSpec spec() {
        return spec;
    }

    /** One attempt, with the SDK's own retries off and the per-attempt timeout set. */
    protected abstract CompletableFuture<Response> send(Request request, String providerModel);

    /** The HTTP status of an SDK failure, or empty when there was no HTTP answer. */
    protected abstract Optional<Failure> serviceFailure(Throwable error);

    /**
     * What the provider answered when it refused a call.
     *
     * @param status    HTTP status
     * @param message   the provider's own error text (no key)
     * @param header    the response's header values by name
     */
    protected record Failure(int status, String message, Function<String, List<String>> header) {
    }

    @Override
    public final CompletionStage<Response> complete(Request request) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        String providerModel = providerModel(request.model());
        attempt(request, providerModel, 0, result);
        return result;
    }

    /** The model name the provider knows: {@code openai/gpt-4o} becomes {@code gpt-4o}. */
    protected final String providerModel(String model) {
        String prefix = spec.name() + "/";
        return model.startsWith(prefix) ? model.substring(prefix.length()) : model;
    }

    /** The {@code provider/model} to report for what the server said answered. */
    protected final String reportedModel(String serverModel, String providerModel) {
        String m = serverModel == null || serverModel.isBlank() ? providerModel : serverModel;
        return spec.name() + "/" + m;
    }

    static long estimateTokens(Request request) {
        long chars = request.system() == null ? 0 : request.system().length();
        for (Message m : request.messages()) {
            chars += m.content() == null ? 0 : m.content().length();
        }
        return chars / 4 + Math.max(0, request.maxTokens());
    }

    private void attempt(Request request, String providerModel, int attempt, CompletableFuture<Response> result) {
        long estimate = estimateTokens(request);
        gate.acquire(estimate).thenAccept(permit -> {
            CompletableFuture<Response> call;
            try {
                call = send(request, providerModel);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            // the SDK has the same timeout; this guard also covers a stalled body or a slow connect
            call.orTimeout(spec.timeout().toMillis() + 250, TimeUnit.MILLISECONDS).whenComplete((response, error) -> {
                if (error == null) {
                    permit.release(response.usage().inputTokens() + response.usage().outputTokens());
                    result.complete(response);
                } else {
                    permit.release(estimate);
                    failed(request, providerModel, attempt, unwrap(error), result);
                }
            });
        });
    }

    private void failed(Request request, String providerModel, int attempt, Throwable error,
                        CompletableFuture<Response> result) {
        String who = spec.name() + "/" + providerModel;
        Optional<Failure> service = serviceFailure(error);
        boolean retryable;
        String what;
        Optional<Duration> asked = Optional.empty();
        Throwable cause = null;
        if (service.isPresent()) {
            Failure f = service.get();
            int s = f.status();
            retryable = s == 408 || s == 409 || s == 429 || s >= 500;
            what = "HTTP " + s + (f.message() == null || f.message().isBlank() ? "" : ": " + redact(f.message()));
            asked = RetryAfter.parse(f.header(), Clock.systemUTC());
        } else if (error instanceof TimeoutException || error instanceof InterruptedIOException
                || hasCause(error, InterruptedIOException.class) || hasCause(error, TimeoutException.class)) {
            retryable = true;
            what = "no answer within " + spec.timeout().toMillis() + " ms";
            cause = error;
        } else if (error instanceof IOException || hasCause(error, IOException.class)) {
            retryable = true;
            what = "connection failed (" + redact(describe(error)) + ")";
            cause = error;
        } else if (error instanceof LlmCallException e) {
            result.completeExceptionally(e);
            return;
        } else {
            retryable = false;
            what = "unexpected failure (" + redact(describe(error)) + ")";
            cause = error;
        }
        int attempts = attempt + 1;
        if (!retryable) {
            result.completeExceptionally(new LlmCallException("provider " + spec.name() + ", model " + who
                    + ": request refused, " + what + keyHint(service), false, cause));
            return;
        }
        if (attempt >= spec.maxRetries()) {
            result.completeExceptionally(new LlmCallException("provider " + spec.name() + ", model " + who + ": "
                    + what + "; gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts"), true,
                    cause));
            return;
        }
        Duration wait = asked.map(d -> d.compareTo(tuning.retryAfterCap()) > 0 ? tuning.retryAfterCap() : d)
                .orElseGet(() -> backoff(attempt));
        LOG.info("{}: {}; attempt {} of {} failed, retrying in {} ms", who, what, attempts, spec.maxRetries() + 1,
                wait.toMillis());
        TIMERS.schedule(() -> attempt(request, providerModel, attempts, result), wait.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private String keyHint(Optional<Failure> service) {
        if (service.isPresent() && (service.get().status() == 401 || service.get().status() == 403)
                && spec.apiKeyEnv() != null) {
            return " (check the key in " + spec.apiKeyEnv() + ")";
        }
        return "";
    }

    private Duration backoff(int attempt) {
        long base = tuning.backoffBase().toNanos();
        long max = tuning.backoffMax().toNanos();
        long exp = base << Math.min(attempt, 20);
        long capped = exp <= 0 || exp > max ? max : exp;
        // half fixed, half random: spreads a storm of retries without ever waiting less than half the backoff
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofNanos(jittered);
    }

    /** Removes the key from any text that may echo it. */
    protected final String redact(String text) {
        if (text == null) {
            return "";
        }
        return redaction.redact(text);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = Failures.cause(t);
        return cause instanceof CancellationException ? new TimeoutException("cancelled") : cause;
    }

    private static String readKey(ProviderSpec spec, Function<String, String> env) {
        if (spec.apiKeyEnv() == null || spec.apiKeyEnv().isBlank()) {
            return null;
        }
        String value = env == null ? null : env.apply(spec.apiKeyEnv());
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("provider " + spec.name() + ": environment variable "
                    + spec.apiKeyEnv() + " is not set or empty; it must hold the API key");
        }
        return value.strip();
    }

    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "alp-llm-timers");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }
}
