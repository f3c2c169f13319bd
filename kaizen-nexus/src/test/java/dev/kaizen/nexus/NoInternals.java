package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/**
 * What no answer to a client may carry: a stack frame, a Java class name, or an exception's
 * type. Every hardening test runs each body through {@link #assertClean}.
 */
public final class NoInternals {

    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)");

    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|tools\\.jackson|com\\.fasterxml|io\\.modelcontextprotocol|org\\.springframework|org\\.apache|dev\\.kaizen|reactor)\\.[\\w.$]+");

    /** A Java method named in code form, such as {@code StreamReadConstraints.getMaxNestingDepth()}. */
    private static final Pattern METHOD_REFERENCE = Pattern.compile("\\b[A-Z]\\w*\\.[a-z]\\w*\\(\\)");

    private NoInternals() {
    }

    /**
     * @param what which answer, for the failure message
     * @param body the answer's body
     */
    public static void assertClean(String what, String body) {
        assertThat(body).as("%s carries a stack trace", what).doesNotContain("stackTrace")
                .doesNotContain("\tat ").doesNotContainPattern(STACK_FRAME);
        assertThat(body).as("%s names a Java class", what).doesNotContainPattern(CLASS_NAME)
                .doesNotContain("Exception").doesNotContain("<html").doesNotContainPattern(METHOD_REFERENCE);
    }
}
