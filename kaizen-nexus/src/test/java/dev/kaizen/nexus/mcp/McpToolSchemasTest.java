package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;

/** A tool's description, when the MCP channel adds a sentence to the workflow's own. */
class McpToolSchemasTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Adds a note and lists every note so far|Adds a note and lists every note so far. Needs a session: ",
            "Keeps notes.|Keeps notes. Needs a session: ",
            "Notes? Notes!  |Notes? Notes! Needs a session: ",
            "''|Needs a session: " })
    void aDescriptionJoinedWithTheSessionSentenceEndsWithAFullStop(String own, String expected) {
        FunctionAgent notes = FunctionAgent.builder().name("notes").description(own)
                .signature(Signature.builder().requiresSession().input("note", FieldType.STRING, "The note")
                        .output("size", FieldType.INTEGER, "Characters kept").build())
                .function(inputs -> Map.of("size", 0)).build();

        assertThat(McpToolSchemas.of(notes.toWorkflow()).description()).startsWith(expected)
                .endsWith("(create one with POST /api/sessions).");
    }
}
