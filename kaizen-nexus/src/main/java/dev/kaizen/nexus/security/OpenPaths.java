package dev.kaizen.nexus.security;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.kaizen.nexus.channel.RequestPaths;
import dev.kaizen.nexus.rest.RestConfig;

/**
 * The only paths a caller without credentials may reach once credentials are configured: the
 * health check, the protected-resource metadata (RFC 9728), Actuator's health, and what the
 * application lists in {@code kaizen.nexus.security.open-paths}. Everything else is denied by
 * default. A request counts as open only when its path is spelled plainly, so that no encoded or
 * dotted spelling of a protected path can pass for an open one.
 */
final class OpenPaths {

    private final List<PathPattern> patterns;

    /**
     * @param applicationPaths the application's open paths (Spring path patterns such as
     *     {@code /hello} or {@code /public/**})
     * @param actuatorBase Actuator's base path, whose health endpoints stay open, or {@code null}
     */
    OpenPaths(List<String> applicationPaths, @Nullable String actuatorBase) {
        List<String> open = new ArrayList<>(List.of(RestConfig.HEALTH_PATH, ProtectedResource.WELL_KNOWN,
                ProtectedResource.WELL_KNOWN + "/**"));
        if (actuatorBase != null) {
            open.add(actuatorBase + "/health");
            open.add(actuatorBase + "/health/**");
        }
        open.addAll(applicationPaths);
        this.patterns = open.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    /**
     * @param request a request
     * @return whether it may go on without a credential
     */
    boolean admit(HttpServletRequest request) {
        String normalised = RequestPaths.normalised(request);
        if (!RequestPaths.plainlySpelled(request, normalised)) {
            return false;
        }
        PathContainer path = PathContainer.parsePath(normalised);
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param pattern an application's open path
     * @return the reason it is not a usable path pattern, or {@code null} when it is
     */
    static @Nullable String problemWith(String pattern) {
        if (pattern.isBlank() || !pattern.startsWith("/")) {
            return "'" + pattern + "' is not a path: it must start with '/'";
        }
        try {
            PathPatternParser.defaultInstance.parse(pattern);
            return null;
        }
        catch (RuntimeException e) {
            return "'" + pattern + "' is not a usable path pattern: " + e.getMessage();
        }
    }
}
