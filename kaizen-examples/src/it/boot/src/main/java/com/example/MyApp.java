package com.example;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.kaizen.core.Agent;
import dev.kaizen.core.AgentConfig;
import dev.kaizen.core.ChatAgent;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.NexusApplication;

@SpringBootApplication
public class MyApp {

    public static void main(String[] args) {
        NexusApplication.run(MyApp.class, args);   // or SpringApplication.run: then no --shell or one-shot mode
    }

    @Bean
    ChatAgent assistant(AgentConfig kaizenAgentConfig) {
        return ChatAgent.builder()
                .name("assistant")
                .description("Answers questions about our product")
                .signature(Signature.builder()
                        .input("question", FieldType.STRING, "What the user asks")
                        .output("answer", FieldType.STRING, "The answer")
                        .build())
                .config(kaizenAgentConfig)
                .build();
    }

    @Bean
    SmartInitializingSingleton deployAgents(Nexus nexus, List<Agent> agents) {
        return () -> agents.forEach(agent -> Deployments.deployMultiChannel(agent, nexus, agent.name()));
    }
}
