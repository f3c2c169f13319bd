package dev.kaizen.nexus.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.OAuth2ProtectedResourceMetadataFilter;

/**
 * Authenticates every call but those of an {@link OpenPaths open path} (deny by default), with Spring Security's bearer-token pieces
 * (the RFC 6750 header resolver, the JWT provider, the {@code WWW-Authenticate} entry point, the
 * RFC 9728 metadata filter) put together in one filter rather than a whole security filter chain,
 * so a call pays for its credential check and little else. A verified call carries its
 * {@link dev.kaizen.nexus.channel.Caller} as a request attribute and its authentication in the
 * {@link SecurityContextHolder} while it runs; any other gets 401.
 *
 * <p>On an open path that answers callers by who they are ({@code /health} names workflows only to
 * those who may see them) a credential is verified when sent; without one, or with one that does not
 * verify, the request goes on as an anonymous one: such a path never answers 401.
 */
final class NexusAuthenticationFilter extends KaizenPathFilter {

    private final CredentialResolver credentials = new CredentialResolver();

    private final NexusAuthenticationManager manager;

    private final ProblemEntryPoint entryPoint;

    private final OAuth2ProtectedResourceMetadataFilter metadata;

    private final OpenPaths open;

    /**
     * @param open the paths that need no credential; every other path needs one
     * @param manager verifies API keys and tokens
     * @param entryPoint answers 401
     * @param metadata serves the protected-resource metadata
     */
    NexusAuthenticationFilter(OpenPaths open, NexusAuthenticationManager manager, ProblemEntryPoint entryPoint,
            OAuth2ProtectedResourceMetadataFilter metadata) {
        super(path -> true);
        this.open = open;
        this.manager = manager;
        this.entryPoint = entryPoint;
        this.metadata = metadata;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String credential;
        Authentication verified;
        try {
            credential = credentials.resolve(request);
            if (credential == null && open.admit(request)) {
                // An open path without a credential goes on anonymously; with one, the caller is
                // verified (the health check then shows what that caller may see), and one that does
                // not verify goes on anonymously too.
                if (pathOf(request).startsWith(ProtectedResource.WELL_KNOWN)) {
                    metadata.doFilter(request, response, chain);
                }
                else {
                    chain.doFilter(request, response);
                }
                return;
            }
            if (credential == null) {
                throw new InsufficientAuthenticationException("no credential");
            }
            verified = manager.authenticate(new BearerTokenAuthenticationToken(credential));
        }
        catch (AuthenticationException refused) {
            if (open.admit(request)) {
                chain.doFilter(request, response); // an open path stays open, answered as to anyone
                return;
            }
            entryPoint.commence(request, response, refused);
            return;
        }
        request.setAttribute(NetworkCallers.ATTRIBUTE, NetworkCallers.of(verified));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(verified);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        }
        finally {
            SecurityContextHolder.clearContext();
        }
    }
}
