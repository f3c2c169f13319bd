package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.FailureTable.Row;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.shell.ShellFailure;

/**
 * docs/errors.md lists every failure kind once; each channel's own test checks its column
 * against it (REST in {@code RestFailureTableTest}, MCP in {@code McpFailureTableTest}); this one
 * checks the table itself and the shell's column.
 */
class FailureTableTest {

    @Test
    void theTableListsEveryKindOnceInOrder() {
        assertThat(FailureTable.rows()).extracting(Row::kind).containsExactly(FailureKind.values());
    }

    @Test
    void troubleshootingShowsTheSameTable() throws java.io.IOException {
        assertThat(FailureTable.block(java.nio.file.Path.of("../docs/troubleshooting.md")))
                .isEqualTo(FailureTable.block(java.nio.file.Path.of("../docs/errors.md")));
    }

    @Test
    void theShellExitsWithTheTablesCodes() {
        for (Row row : FailureTable.rows()) {
            assertThat(ShellFailure.exitCode(row.kind())).as(row.kind().slug()).isEqualTo(row.shellExit());
            assertThat(ShellFailure.of(row.kind(), "m").exitCode()).isEqualTo(row.shellExit());
        }
    }

    @Test
    void theFirstThirteenRowsAreTheCallerErrorsAsThePageSays() {
        var rows = FailureTable.rows();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).kind().callerError()).as(rows.get(i).kind().slug()).isEqualTo(i < 13);
        }
        assertThat(Arrays.stream(FailureKind.values()).filter(FailureKind::callerError)).hasSize(13);
    }
}
