package dev.kaizen.examples;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kaizen.core.AgentConfig;
import dev.kaizen.core.ChatAgent;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.Signature;

/** The example agents, as beans: {@link ExampleDeployer} deploys every agent bean. */
@Configuration(proxyBeanMethods = false)
class ExampleAgents {

    /**
     * Answers questions: on the offline model unless OPENAI_API_KEY, OPENAI_BASE_URL or a
     * kaizen.model.* property selects a real one; keeps the conversation in its session.
     */
    @Bean
    ChatAgent assistant(AgentConfig kaizenAgentConfig) {
        return ChatAgent.builder()
                .name("assistant")
                .description("Answers a question in a few sentences")
                .signature(Signature.builder()
                        .input("question", FieldType.STRING, "What the user asks")
                        .output("answer", FieldType.STRING, "The answer")
                        .build())
                .config(kaizenAgentConfig)
                .build();
    }

    /** Notes kept in the caller's session, to show one session continuing across channels. */
    @Bean
    NotesAgent notes() {
        return new NotesAgent();
    }

    /**
     * Takes a few seconds and reports progress as it goes, offline: to watch streaming,
     * cancellation, runs that answer at once and queueing.
     */
    @Bean
    ResearchAgent research() {
        return new ResearchAgent();
    }

    /** Counts words, sentences and reading time, and finds keywords; no model needed. */
    @Bean
    TextStatsAgent textStats() {
        return new TextStatsAgent();
    }
}
