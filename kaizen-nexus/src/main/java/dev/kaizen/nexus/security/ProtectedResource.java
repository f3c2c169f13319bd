package dev.kaizen.nexus.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where OAuth 2.0 Protected Resource Metadata (RFC 9728) is served: the MCP authorization
 * specification has clients find it from the {@code resource_metadata} of a 401, at
 * {@code /.well-known/oauth-protected-resource} followed by the resource's path.
 */
final class ProtectedResource {

    /** The well-known prefix of every metadata document. */
    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private ProtectedResource() {
    }

    /**
     * @param request a request for a protected path
     * @param mcpPath the MCP endpoint
     * @return the metadata URL of the resource the request was for: the MCP endpoint's own, or the
     *     server's
     */
    static String metadataUrl(HttpServletRequest request, String mcpPath) {
        String base = request.getScheme() + "://" + hostOf(request);
        return base + request.getContextPath() + WELL_KNOWN + (request.getRequestURI().equals(mcpPath) ? mcpPath : "");
    }

    private static String hostOf(HttpServletRequest request) {
        int port = request.getServerPort();
        boolean usual = port == 80 && "http".equals(request.getScheme()) || port == 443 && "https".equals(request.getScheme());
        String name = request.getServerName();
        String literal = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
        return usual ? literal : literal + ":" + port;
    }
}
