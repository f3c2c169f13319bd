package dev.kaizen.nexus.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.rest.ProblemResponses;

/**
 * Refuses, as problem documents, request forms that would otherwise fail deep in the framework as
 * server errors: a {@code Content-Type} that is not one concrete media type ({@code *}{@code /*},
 * {@code application/*}, or unparseable: 415, on every path, since Spring MVC's functional routing
 * reads it for every request), and, on the Nexus's own paths, a query string that is not
 * percent-encoded UTF-8 (400; the container throws on reading such a parameter).
 */
final class RequestFormFilter extends KaizenPathFilter {

    private final Predicate<String> nexusPaths;

    /**
     * @param nexusPaths the paths the Nexus serves, whose query strings are checked
     */
    RequestFormFilter(Predicate<String> nexusPaths) {
        super(path -> true);
        this.nexusPaths = nexusPaths;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && !concrete(contentType)) {
            ProblemResponses.writeUnsupportedMediaType(response, request.getRequestURI(),
                    "Content-Type must name one media type, such as application/json");
            return;
        }
        String query = request.getQueryString();
        if (query != null && nexusPaths.test(pathOf(request)) && !percentEncodedUtf8(query)) {
            ProblemResponses.write(response, request.getRequestURI(), 400, FailureKind.INVALID_REQUEST,
                    "the query string is not percent-encoded UTF-8");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean concrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        }
        catch (InvalidMediaTypeException unreadable) {
            return false;
        }
    }

    /** Whether every {@code %XX} escape is whole and the bytes they spell are UTF-8. */
    static boolean percentEncodedUtf8(String query) {
        ByteBuffer bytes = ByteBuffer.allocate(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0
                        || Character.digit(query.charAt(i + 2), 16) < 0) {
                    return false;
                }
                bytes.put((byte) Integer.parseInt(query, i + 1, i + 3, 16));
                i += 2;
            }
            else if (c > 0x7f) {
                return false;
            }
            else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return true;
        }
        catch (CharacterCodingException e) {
            return false;
        }
    }
}
