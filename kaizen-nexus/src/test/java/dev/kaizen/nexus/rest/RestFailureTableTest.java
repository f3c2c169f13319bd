package dev.kaizen.nexus.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.kaizen.nexus.FailureTable;
import dev.kaizen.nexus.channel.CallFailure;

/** REST's column of docs/errors.md: the status and problem type of each failure kind. */
class RestFailureTableTest {

    @Test
    void eachKindAnswersTheTablesStatusAndItsSlugAsType() {
        for (FailureTable.Row row : FailureTable.rows()) {
            Problem problem = Problem.of(CallFailure.of(row.kind(), "m"));
            assertThat(problem.status().value()).as(row.kind().slug()).isEqualTo(row.restStatus());
            assertThat(Problem.TYPE_PREFIX + row.kind().slug()).isEqualTo("urn:kaizen:problem:" + row.kind().slug());
        }
    }
}
