package dev.kaizen.nexus.channel;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path a request is judged and routed on by Kaizen's filters and HTTP channels: the one the
 * servlet container routed it on
 * (percent-decoded, {@code ;} parameters dropped, dot segments resolved, repeated slashes merged),
 * never the raw request URI, which an attacker can spell many ways ({@code /%61ctuator/env},
 * {@code /api;x=y/runs}, {@code /api/../actuator/env}) while Spring MVC routes every spelling to
 * the same handler.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * @param request a request
     * @return its decoded, normalised path within the application (the context path taken off)
     */
    public static String normalised(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    /**
     * @param request a request
     * @param normalised its {@link #normalised} path, already worked out by the caller
     * @return whether its raw path is spelled exactly as its normalised one (no percent escapes,
     *     no {@code ;} parameters, no dot segments, no repeated slashes): only such a request may be
     *     let through as an open path, so no spelling of a protected path passes for an open one
     */
    public static boolean plainlySpelled(HttpServletRequest request, String normalised) {
        return request.getRequestURI().substring(request.getContextPath().length()).equals(normalised);
    }
}
