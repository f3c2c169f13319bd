package dev.kaizen.nexus.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.rest.ProblemResponses;

/**
 * Answers a request that needs credentials: 401 with Spring Security's {@code WWW-Authenticate:
 * Bearer} header (with {@code resource_metadata}, where an MCP client finds the authorization
 * server, RFC 9728) and the Nexus's problem body saying what to send.
 */
final class ProblemEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    /**
     * @param mcpPath the MCP endpoint, whose metadata lives at the well-known path plus its path
     */
    ProblemEntryPoint(String mcpPath) {
        bearer.setRealmName("kaizen");
        bearer.setResourceMetadataParameterResolver(request -> ProtectedResource.metadataUrl(request, mcpPath));
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearer.commence(request, response, failure);
        String detail = failure instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null
                ? oauth.getError().getDescription()
                : "this Nexus requires credentials: send 'Authorization: Bearer <API key or token>' or 'X-API-Key: <key>'";
        ProblemResponses.write(response, request.getRequestURI(), response.getStatus(), FailureKind.UNAUTHENTICATED,
                detail);
    }
}
