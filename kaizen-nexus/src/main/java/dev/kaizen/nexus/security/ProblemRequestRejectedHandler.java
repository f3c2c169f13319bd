package dev.kaizen.nexus.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.kaizen.nexus.channel.FailureKind;
import dev.kaizen.nexus.rest.ProblemResponses;

/**
 * Answers a request Spring Security's firewall refuses (a path not in normal form: {@code ;}
 * parameters, {@code //}, dot segments, an encoded {@code /} or {@code %}) with a 400 problem
 * document, like every other refusal, instead of the framework's own error page.
 */
public final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        ProblemResponses.write(response, request.getRequestURI(), 400, FailureKind.INVALID_REQUEST,
                "the request path is not in normal form or holds a refused character (';', '//', a dot segment, "
                        + "an encoded '/', '\\\\' or '%'); send the path plainly");
    }
}
