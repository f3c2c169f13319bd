package dev.kaizen.nexus.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an unusable {@code kaizen.*} value into Spring Boot's Description and Action block. */
class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
        String where = cause.value() == null ? "the property named above, under '" + cause.property() + "'"
                : "'" + cause.property() + "'";
        String description = cause.value() == null ? "Invalid configuration under '" + cause.property() + "': "
                + cause.reason() : "Invalid value '" + cause.value() + "' for property '" + cause.property() + "': "
                        + cause.reason();
        return new FailureAnalysis(description, "Update " + where + " in your application's configuration "
                + "(docs/configuration.md lists every Kaizen property with its default and meaning).", cause);
    }
}
