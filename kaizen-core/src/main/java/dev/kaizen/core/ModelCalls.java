package dev.kaizen.core;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The model HTTP calls each run has open, so that a run that ends early (cancelled, or a stream
 * interrupted by its deadline) closes them and the model server stops generating, and stops billing. Spring AI 2.0's OpenAI
 * model never closes a streaming call when its {@code Flux} is cancelled, and a blocking call does
 * not notice an interrupt; OkHttp's {@link Call#cancel()} closes either.
 *
 * <p>A run's requests carry {@value #HEADER} (set through the chat options' custom headers); this
 * interceptor, installed on the OpenAI-compatible models {@link ChatModels} builds, files the call
 * under that run and removes the header before the request leaves.
 */
final class ModelCalls implements Interceptor {

    /** The request header naming the run a model call belongs to; never sent to the model. */
    static final String HEADER = "X-Kaizen-Run";

    static final ModelCalls INSTANCE = new ModelCalls();

    private final Map<String, Set<Call>> open = new ConcurrentHashMap<>();

    private ModelCalls() {
    }

    /** @return a new run's key, to send as {@value #HEADER} and to {@link #end} */
    String begin() {
        String key = UUID.randomUUID().toString();
        open.put(key, ConcurrentHashMap.newKeySet());
        return key;
    }

    /** Closes the run's open calls; later ones are closed as they start. */
    void cancel(String key) {
        Set<Call> calls = open.remove(key);
        if (calls != null) {
            calls.forEach(Call::cancel);
        }
    }

    /**
     * @param key the run's key
     * @param closeOpen whether to close calls still open: the run ended before its model answered
     */
    void end(String key, boolean closeOpen) {
        Set<Call> calls = open.remove(key);
        if (closeOpen && calls != null) {
            calls.forEach(Call::cancel);
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String run = request.header(HEADER);
        if (run == null) {
            return chain.proceed(request);
        }
        Set<Call> calls = open.get(run);
        if (calls != null) {
            calls.add(chain.call());
        }
        if (calls == null || open.get(run) != calls) {
            chain.call().cancel(); // the run ended (or was cancelled) already, or just now: do not let it run
        }
        return chain.proceed(request.newBuilder().removeHeader(HEADER).build());
    }
}
