package dev.kaizen.nexus.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.json.JsonMapper;

import dev.kaizen.nexus.NoInternals;
import dev.kaizen.nexus.StrictJson;

/**
 * The REST body reader under any bytes: an execute request or a 400 problem naming what is wrong,
 * never another exception, never a Java name in the answer. {@code ./mvnw verify} runs the seeds
 * (src/test/resources/.../RestBodyFuzzTestInputs); {@code JAZZER_FUZZ=1} fuzzes (docs/troubleshooting.md).
 */
class RestBodyFuzzTest {

    private static final JsonMapper JSON = StrictJson.of(JsonMapper.builder().build());

    @FuzzTest(maxDuration = "60s")
    void anyBodyIsARequestOrAProblemNamingWhatIsWrong(byte[] body) {
        try {
            ExecuteRequest request = ExecuteRequest.fromJson(JsonBody.parseObject(body, JSON));
            assertThat(request.inputs()).isNotNull();
        }
        catch (Problem problem) {
            assertThat(problem.status().value()).isEqualTo(400);
            NoInternals.assertClean("problem", problem.getMessage() + " " + problem.errorsText());
        }
    }
}
