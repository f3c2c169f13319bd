package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Progress and partial output from a run, and cancellation that reaches the model call: a
 * ChatAgent against a loopback server that streams OpenAI {@code chat.completion.chunk} events.
 */
class StreamingTest {

    private ChatCompletionsServer model;

    @BeforeEach
    void startModel() throws IOException {
        model = new ChatCompletionsServer();
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    /** Records what a run reports. */
    private static class Recorder implements RunObserver {

        final List<String> tokens = new CopyOnWriteArrayList<>();

        final List<String> progress = new CopyOnWriteArrayList<>();

        @Override
        public void progress(String message, @Nullable Double fraction) {
            progress.add(message + (fraction == null ? "" : " " + fraction));
        }

        @Override
        public void token(String text) {
            tokens.add(text);
        }

        @Override
        public boolean wantsTokens() {
            return true;
        }
    }

    private Workflow chat() {
        return ChatAgent.builder().name("qa").description("Answers questions").signature(Agents.qaSignature())
                .config(AgentConfig.builder().provider("openai").baseUrl(model.baseUrl()).model("test-model").build())
                .build().toWorkflow();
    }

    @Test
    void aChatAgentStreamsTheModelsChunksAsTokensAndStillValidatesTheAnswer() {
        model.stream(Duration.ZERO, "{\"answer\": ", "\"Kaizen ", "means ", "improvement\"", "}");
        Recorder heard = new Recorder();

        WorkflowResult result = chat().execute(Map.of("question", "q"), RunContext.builder().observer(heard).build());

        assertThat(heard.tokens).containsExactly("{\"answer\": ", "\"Kaizen ", "means ", "improvement\"", "}");
        assertThat(result.outputs()).containsExactly(Map.entry("answer", "Kaizen means improvement"));
        assertThat(model.received.getFirst().body().get("stream").asBoolean()).isTrue();
        assertThat(model.received.getFirst().header(ModelCalls.HEADER)).as("Kaizen's own header stays home").isNull();
    }

    @Test
    void withoutAnObserverThatWantsTokensTheModelIsCalledAsBefore() {
        model.stream(Duration.ZERO, "{\"answer\": \"whole\"}");

        WorkflowResult result = chat().execute(Map.of("question", "q"));

        assertThat(result.outputs()).containsEntry("answer", "whole");
        assertThat(model.received.getFirst().body().path("stream").asBoolean(false)).isFalse();
    }

    @Test
    void aModelOfYourOwnThatCannotStreamAnswersInOnePiece() {
        org.springframework.ai.chat.model.ChatModel wholeOnly = prompt -> new org.springframework.ai.chat.model.ChatResponse(
                List.of(new org.springframework.ai.chat.model.Generation(
                        new org.springframework.ai.chat.messages.AssistantMessage("{\"answer\": \"whole\"}"))));
        Recorder heard = new Recorder();

        WorkflowResult result = ChatAgent.builder().name("qa").signature(Agents.qaSignature()).chatModel(wholeOnly)
                .build().toWorkflow().execute(Map.of("question", "q"), RunContext.builder().observer(heard).build());

        assertThat(result.outputs()).containsEntry("answer", "whole");
        assertThat(heard.tokens).isEmpty();
    }

    @Test
    void aStreamedAnswerThatBreaksTheSignatureFailsLikeAWholeOne() {
        model.stream(Duration.ZERO, "{\"reply\": ", "\"no answer field\"}");

        assertThatThrownBy(() -> chat().execute(Map.of("question", "q"),
                RunContext.builder().observer(new Recorder()).build())).isInstanceOf(AgentOutputException.class)
                .hasMessageContaining("answer");
    }

    @Test
    void cancellingAStreamingRunClosesTheModelCall() throws InterruptedException {
        String[] pieces = new String[100];
        java.util.Arrays.fill(pieces, "x");
        model.stream(Duration.ofMillis(50), pieces);
        RunContext[] context = new RunContext[1];
        RunObserver cancelAfterTwoTokens = new Recorder() {
            @Override
            public void token(String text) {
                super.token(text);
                if (tokens.size() == 2) {
                    Thread.ofVirtual().start(context[0]::cancel);
                }
            }
        };
        context[0] = RunContext.builder().observer(cancelAfterTwoTokens).build();

        assertThatThrownBy(() -> chat().execute(Map.of("question", "q"), context[0]))
                .isInstanceOf(WorkflowCancelledException.class);

        // The model finds its client gone at its next write; it would otherwise stream for 5 s more.
        assertThat(model.hungUp.await(Eventually.SECONDS, TimeUnit.SECONDS))
                .as("the model saw its client hang up").isTrue();
        // Closed by the cancel, not by the end of the stream: how fast is a figure for benchmarks/.
        assertThat(model.chunksWritten).isLessThan(pieces.length);
    }

    @Test
    void cancellingARunThatWaitsForAWholeAnswerEndsItAtOnce() throws Exception {
        model.hang();
        RunContext context = RunContext.create();
        // A platform thread: an interrupt does not end its blocking socket read (a virtual thread's it would).
        java.util.concurrent.ExecutorService platform = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.CompletableFuture<WorkflowResult> run = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> chat().execute(Map.of("question", "q"), context), platform);
        platform.shutdown();
        assertThat(Eventually.until(() -> List.copyOf(model.received), received -> !received.isEmpty()))
                .as("the model was asked").hasSize(1);

        context.cancel();

        // The model never answers; without closing the call the run would wait for the 60 s model timeout.
        assertThatThrownBy(() -> run.get(Eventually.SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(WorkflowCancelledException.class);
    }

    @Test
    void aFunctionAgentReportsProgressThroughItsContext() {
        Recorder heard = new Recorder();
        Workflow steps = FunctionAgent.builder().name("steps").signature(Agents.qaSignature())
                .function((inputs, context) -> {
                    context.progress("reading");
                    context.progress("writing", 0.5);
                    return Map.of("answer", "done");
                }).build().toWorkflow();

        steps.execute(Map.of("question", "q"), RunContext.builder().observer(heard).build());

        assertThat(heard.progress).containsExactly("reading", "writing 0.5");
    }

    @Test
    void progressOutsideZeroToOneIsRefusedAndAFailingObserverDoesNotFailTheRun() {
        RunContext context = RunContext.builder().observer(new RunObserver() {
            @Override
            public void progress(String message, @Nullable Double fraction) {
                throw new IllegalStateException("the caller left");
            }
        }).build();

        assertThatThrownBy(() -> context.progress("too far", 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("progress fraction must be from 0 to 1, was 1.5");
        assertThatThrownBy(() -> context.progress("not a number", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        context.progress("fine", 0.25);
    }
}
