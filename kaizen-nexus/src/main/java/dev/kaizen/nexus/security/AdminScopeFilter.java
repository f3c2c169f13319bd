package dev.kaizen.nexus.security;

import java.io.IOException;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.kaizen.nexus.LogSafe;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.rest.ProblemResponses;

/**
 * Lets only callers with the admin scope reach some paths: Actuator's endpoints other than health,
 * which name every deployed workflow (the Prometheus scrape's {@code workflow} tag, the metrics
 * endpoint) and much else about the application, whatever scopes hide from a caller elsewhere.
 * It runs after {@link NexusAuthenticationFilter}, which has verified the caller; any other gets
 * 403 with a problem naming the scope.
 */
final class AdminScopeFilter extends KaizenPathFilter {

    private final String adminScope;

    /**
     * @param adminPaths the paths (within the application) that need the admin scope
     * @param adminScope the admin scope ({@code kaizen:admin} unless configured otherwise)
     */
    AdminScopeFilter(Predicate<String> adminPaths, String adminScope) {
        super(adminPaths);
        this.adminScope = adminScope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Fails closed: a request the authentication filter did not verify has no caller here.
        Caller caller = request.getAttribute(NetworkCallers.ATTRIBUTE) instanceof Caller verified ? verified : null;
        if (caller == null || !caller.isAuthenticated() || !caller.holdsAll(Set.of(adminScope))) {
            String who = caller == null ? "this caller" : "'" + LogSafe.escape(caller.name()) + "'";
            ProblemResponses.write(response, request.getRequestURI(), HttpServletResponse.SC_FORBIDDEN,
                    FailureKind.FORBIDDEN, "Actuator's endpoints other than health need the scope '" + adminScope
                            + "', which " + who + " does not hold");
            return;
        }
        chain.doFilter(request, response);
    }
}
