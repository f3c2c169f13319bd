package dev.kaizen.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/** A chat model that answers with a fixed text and remembers every prompt it was sent. */
final class ScriptedChatModel implements ChatModel {

    private final String answer;

    final List<Prompt> prompts = new CopyOnWriteArrayList<>();

    ScriptedChatModel(String answer) {
        this.answer = answer;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        prompts.add(prompt);
        return new ChatResponse(List.of(new Generation(new AssistantMessage(answer))));
    }

    @Override
    public ChatOptions getOptions() {
        return ChatOptions.builder().model("scripted-1").build();
    }
}
