package dev.kaizen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class AgentConfigTest {

    @Test
    void defaultsAreSensible() {
        AgentConfig config = AgentConfig.defaults();

        assertThat(config.provider()).isEqualTo("auto");
        assertThat(config.model()).isNull();
        assertThat(config.temperature()).isEqualTo(AgentConfig.DEFAULT_TEMPERATURE);
        assertThat(config.maxTokens()).isEqualTo(1024);
        assertThat(config.systemPrompt()).isNull();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.baseUrl()).isNull();
        assertThat(config.apiKey()).isNull();
    }

    @Test
    void settersRejectBadValuesNamingThem() {
        AgentConfig.Builder builder = AgentConfig.builder();

        assertThatThrownBy(() -> builder.temperature(2.5)).hasMessage("temperature must be between 0 and 2, was 2.5");
        assertThatThrownBy(() -> builder.temperature(Double.NaN)).hasMessageContaining("was NaN");
        assertThatThrownBy(() -> builder.maxTokens(0)).hasMessage("max tokens must be at least 1, was 0");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessage("timeout must be positive, was PT0S");
        assertThatThrownBy(() -> builder.provider(" ")).hasMessage("provider must not be blank");
        assertThatThrownBy(() -> builder.baseUrl("localhost:11434")).hasMessageContaining("http:// or https://");
    }

    @Test
    void isImmutableAndCopiesThroughToBuilder() {
        AgentConfig original = AgentConfig.builder().model("m").temperature(0.1).maxTokens(10).systemPrompt("Be brief")
                .timeout(Duration.ofSeconds(3)).baseUrl("http://localhost:1/v1").apiKey("k").provider("OpenAI").build();
        AgentConfig copy = original.toBuilder().build();
        AgentConfig changed = original.toBuilder().temperature(0.2).build();

        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(changed).isNotEqualTo(original);
        assertThat(original.temperature()).isEqualTo(0.1);
        assertThat(original.provider()).isEqualTo("openai");
    }

    @Test
    void blankTextSettingsMeanUnset() {
        AgentConfig config = AgentConfig.builder().model(" ").systemPrompt("").apiKey("  ").baseUrl("").build();

        assertThat(config.model()).isNull();
        assertThat(config.systemPrompt()).isNull();
        assertThat(config.apiKey()).isNull();
        assertThat(config.baseUrl()).isNull();
    }

    @Test
    void toStringNeverShowsTheApiKey() {
        assertThat(AgentConfig.builder().apiKey("sk-secret").build().toString())
                .doesNotContain("sk-secret").contains("apiKey=***");
    }
}
