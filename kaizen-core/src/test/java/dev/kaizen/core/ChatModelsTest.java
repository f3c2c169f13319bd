package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiChatModel;

class ChatModelsTest {

    @Test
    void autoWithNothingConfiguredIsOffline() {
        AgentConfig resolved = ChatModels.resolve(AgentConfig.defaults(), Map.<String, String>of()::get);

        assertThat(resolved.provider()).isEqualTo("offline");
        assertThat(resolved.model()).isEqualTo(OfflineChatModel.MODEL);
        assertThat(ChatModels.create(resolved)).isInstanceOf(OfflineChatModel.class);
    }

    @Test
    void autoWithAnApiKeyInTheEnvironmentIsOpenAi() {
        AgentConfig resolved = ChatModels.resolve(AgentConfig.defaults(), Map.of("OPENAI_API_KEY", "sk-test")::get);

        assertThat(resolved.provider()).isEqualTo("openai");
        assertThat(resolved.apiKey()).isEqualTo("sk-test");
        assertThat(resolved.baseUrl()).isEqualTo(ChatModels.DEFAULT_OPENAI_BASE_URL);
        assertThat(resolved.model()).isEqualTo(ChatModels.DEFAULT_OPENAI_MODEL);
        assertThat(ChatModels.create(resolved)).isInstanceOf(OpenAiChatModel.class);
    }

    @Test
    void autoWithABaseUrlAloneIsOpenAiCompatibleWithoutAKey() {
        AgentConfig config = AgentConfig.builder().baseUrl("http://localhost:11434/v1").model("llama3.2").build();

        AgentConfig resolved = ChatModels.resolve(config, Map.<String, String>of()::get);

        assertThat(resolved.provider()).isEqualTo("openai");
        assertThat(resolved.baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(resolved.apiKey()).isNull();
        assertThat(resolved.model()).isEqualTo("llama3.2");
    }

    @Test
    void configuredValuesWinOverTheEnvironment() {
        AgentConfig config = AgentConfig.builder().apiKey("mine").baseUrl("http://127.0.0.1:9/v1").build();

        AgentConfig resolved = ChatModels.resolve(config,
                Map.of("OPENAI_API_KEY", "env", "OPENAI_BASE_URL", "http://env/v1")::get);

        assertThat(resolved.apiKey()).isEqualTo("mine");
        assertThat(resolved.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
    }

    @Test
    void anExplicitOfflineProviderIgnoresKeys() {
        AgentConfig config = AgentConfig.builder().provider("offline").build();

        AgentConfig resolved = ChatModels.resolve(config, Map.of("OPENAI_API_KEY", "sk")::get);

        assertThat(resolved.provider()).isEqualTo("offline");
        assertThat(resolved.apiKey()).isNull();
    }

    @Test
    void anUnknownProviderIsRejectedWithTheChoices() {
        AgentConfig config = AgentConfig.builder().provider("gemini").build();

        assertThatThrownBy(() -> ChatModels.resolve(config, Map.<String, String>of()::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown model provider 'gemini': use auto, offline or openai, "
                        + "or give the agent a ChatModel of your own");
        assertThatThrownBy(() -> ChatModels.create(AgentConfig.defaults()))
                .hasMessageContaining("resolve the configuration");
    }
}
