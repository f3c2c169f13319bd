package dev.kaizen.nexus.security;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.rest.ProblemResponses;

/**
 * Refuses REST requests whose {@code Host} or {@code Origin} is not an accepted one, as the MCP
 * transport does for its endpoint, with the same settings: a web page cannot reach a Nexus on
 * loopback through DNS rebinding ({@code Host: evil.example}) or call it from another origin.
 * A wrong {@code Host} gets 421, a wrong {@code Origin} 403; a request without an {@code Origin}
 * (not from a browser) passes. A pattern {@code name:*} accepts any port.
 */
final class HostOriginFilter extends KaizenPathFilter {

    private final SecuritySettings settings;

    /**
     * @param settings the accepted values
     * @param checkedPaths the paths (within the application) this filter checks
     */
    HostOriginFilter(SecuritySettings settings, Predicate<String> checkedPaths) {
        super(checkedPaths);
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        if (!settings.acceptsHost(host)) {
            ProblemResponses.write(response, request.getRequestURI(), 421, FailureKind.INVALID_REQUEST,
                    SecuritySettings.hostRefusal(host));
            return;
        }
        String origin = request.getHeader("Origin");
        if (!settings.acceptsOrigin(origin)) {
            ProblemResponses.write(response, request.getRequestURI(), 403, FailureKind.FORBIDDEN,
                    SecuritySettings.originRefusal(origin));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Exact, or {@code base:*} for base with any port (or none). */
    static boolean accepted(@Nullable String value, List<String> patterns) {
        if (value == null || value.isBlank()) {
            return false;
        }
        for (String pattern : patterns) {
            boolean anyPort = pattern.endsWith(":*");
            String base = anyPort ? pattern.substring(0, pattern.length() - 2) : pattern;
            if (value.equalsIgnoreCase(pattern)
                    || anyPort && (value.equalsIgnoreCase(base) || startsWithIgnoreCase(value, base + ":")
                            && value.substring(base.length() + 1).chars().allMatch(Character::isDigit))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithIgnoreCase(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
