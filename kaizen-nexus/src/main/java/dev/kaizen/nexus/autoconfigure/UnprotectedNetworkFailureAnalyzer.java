package dev.kaizen.nexus.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.kaizen.nexus.security.UnprotectedNetworkException;

/** Turns a refused unprotected bind into Spring Boot's Description and Action block. */
class UnprotectedNetworkFailureAnalyzer extends AbstractFailureAnalyzer<UnprotectedNetworkException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnprotectedNetworkException cause) {
        return new FailureAnalysis("Kaizen Nexus refused to start: the web server would listen on " + cause.address()
                + ", beyond loopback, and no credential source is configured, so anyone who can reach the port could "
                + "run every agent and read every session.",
                "Configure credentials, such as kaizen.nexus.security.api-keys.<client>={sha256}<hex of the key>, or "
                        + "spring.security.oauth2.resourceserver.jwt.issuer-uri; or bind to loopback "
                        + "(server.address=127.0.0.1); or, behind a gateway that authenticates every request, set "
                        + "kaizen.nexus.security.allow-unauthenticated-network=true.",
                cause);
    }
}
