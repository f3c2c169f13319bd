package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;

/** A chat agent keeps its conversation in the session, bounded, and sends it with each request. */
class ChatHistoryTest {

    /** Session state in a map, as a store would keep it (atomic enough for one thread). */
    static final class MapState implements SessionState {

        final Map<String, Object> values = new LinkedHashMap<>();

        @Override
        public String id() {
            return "s-1";
        }

        @Override
        public Map<String, Object> snapshot() {
            return new LinkedHashMap<>(values);
        }

        @Override
        public void merge(Map<String, ?> updates) {
            values.putAll(updates);
        }

        @Override
        public Object update(String key, UnaryOperator<Object> change) {
            Object value = change.apply(values.get(key));
            values.put(key, value);
            return value;
        }
    }

    private static ChatAgent agent(ScriptedChatModel model, int historyLimit) {
        return ChatAgent.builder().name("chat").signature(Agents.qaSignature()).chatModel(model)
                .config(AgentConfig.builder().historyLimit(historyLimit).build()).build();
    }

    @Test
    void laterRequestsCarryTheConversationSoFar() {
        ScriptedChatModel model = new ScriptedChatModel("{\"answer\": \"noted\"}");
        ChatAgent agent = agent(model, 50);
        MapState session = new MapState();
        RunContext context = RunContext.builder().session(session).build();

        agent.toWorkflow().execute(Map.of("question", "first"), context);
        agent.toWorkflow().execute(Map.of("question", "second"), context);

        List<Message> second = model.prompts.get(1).getInstructions();
        assertThat(second).extracting(Message::getMessageType).containsExactly(MessageType.SYSTEM, MessageType.USER,
                MessageType.ASSISTANT, MessageType.USER);
        assertThat(second.get(1).getText()).isEqualTo("{\"question\":\"first\",\"count\":1}");
        assertThat(second.get(2).getText()).isEqualTo("{\"answer\": \"noted\"}");
        assertThat((List<?>) session.values.get(agent.historyKey())).hasSize(4);
        assertThat(context.sessionId()).contains("s-1");
    }

    @Test
    void theHistoryIsBoundedAndTheSystemPromptIsAlwaysSent() {
        ScriptedChatModel model = new ScriptedChatModel("{\"answer\": \"ok\"}");
        ChatAgent agent = agent(model, 4);
        MapState session = new MapState();
        RunContext context = RunContext.builder().session(session).build();

        for (int i = 0; i < 10; i++) {
            agent.run(Map.of("question", "q" + i, "count", 1L), context);
        }

        assertThat((List<?>) session.values.get(agent.historyKey())).hasSize(4);
        List<Message> last = model.prompts.getLast().getInstructions();
        assertThat(last).hasSize(1 + 4 + 1);
        assertThat(last.getFirst().getMessageType()).isEqualTo(MessageType.SYSTEM);
        assertThat(last.get(1).getText()).contains("q7");
    }

    @Test
    void withoutASessionOrWithALimitOfZeroNothingIsKept() {
        ScriptedChatModel model = new ScriptedChatModel("{\"answer\": \"ok\"}");
        MapState session = new MapState();

        agent(model, 0).run(Map.of("question", "q", "count", 1L), RunContext.builder().session(session).build());
        agent(model, 50).run(Map.of("question", "q", "count", 1L));

        assertThat(session.values).isEmpty();
        assertThat(model.prompts).allSatisfy(prompt -> assertThat(prompt.getInstructions()).hasSize(2));
    }
}
