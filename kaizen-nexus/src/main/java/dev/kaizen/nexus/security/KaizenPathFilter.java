package dev.kaizen.nexus.security;

import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.kaizen.nexus.channel.RequestPaths;

/**
 * A filter of Kaizen's that acts on some paths only (those the Nexus serves), runs once per
 * request, and keeps its own "already filtered" mark: Kaizen's filters share one servlet
 * registration, and Spring's default mark is the registration's name.
 */
abstract class KaizenPathFilter extends OncePerRequestFilter {

    private final Predicate<String> paths;

    /**
     * @param paths the paths (within the application) this filter acts on
     */
    KaizenPathFilter(Predicate<String> paths) {
        this.paths = paths;
    }

    @Override
    protected final String getAlreadyFilteredAttributeName() {
        return getClass().getName() + ".FILTERED";
    }

    @Override
    protected final boolean shouldNotFilter(HttpServletRequest request) {
        return !paths.test(pathOf(request));
    }

    /**
     * @param request a request
     * @return its path within the application as the container routed it: decoded and normalised
     *     ({@link RequestPaths}), so that no spelling of a path escapes a filter meant for it
     */
    static String pathOf(HttpServletRequest request) {
        return RequestPaths.normalised(request);
    }
}
