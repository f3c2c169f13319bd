package dev.kaizen.nexus.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.kaizen.nexus.channel.Caller;

/**
 * Puts the request's {@link Caller} on the request once Spring Security has authenticated it, so channels read one principal without knowing how it was proved.
 */
final class CallerFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = NetworkCallers.of(SecurityContextHolder.getContext().getAuthentication());
        if (caller != null) {
            request.setAttribute(NetworkCallers.ATTRIBUTE, caller);
        }
        chain.doFilter(request, response);
    }
}
