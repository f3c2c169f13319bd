package dev.kaizen.nexus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.FailureTable;
import dev.kaizen.nexus.channel.CallFailure;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/** MCP's column of docs/errors.md: every kind is an error result; server-side ones name their correlation id. */
class McpFailureTableTest {

    @Test
    void eachKindIsAnErrorResultAsTheTableSays() {
        for (FailureTable.Row row : FailureTable.rows()) {
            CallFailure failure = row.kind().callerError() ? CallFailure.of(row.kind(), "the message")
                    : CallFailure.logged(row.kind(), "the message", "c0ffee");
            CallToolResult result = McpToolCall.error(failure);
            String text = ((TextContent) result.content().getFirst()).text();

            assertThat(result.isError()).as(row.kind().slug()).isTrue();
            assertThat(row.mcp()).startsWith("isError");
            assertThat(text).as(row.kind().slug())
                    .isEqualTo(row.mcpNamesCorrelationId() ? "the message (correlation id c0ffee)" : "the message");
        }
    }
}
