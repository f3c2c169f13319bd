package dev.kaizen.nexus.rest;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Which answer an execute call's {@code Accept} header asks for, by its quality values (RFC 9110):
 * the run's events as Server-Sent Events when {@code text/event-stream} is named with a quality
 * above zero and at least that of JSON, the plain JSON answer otherwise. A header that names
 * neither acceptably gets 406, one that is not a list of media types 400.
 */
enum AcceptedAnswer {

    /** The plain JSON answer. */
    JSON,

    /** The run's events as Server-Sent Events. */
    EVENTS;

    /**
     * @param request an execute call
     * @return the answer it asks for
     * @throws Problem 400 for an unreadable header, 406 when neither answer is acceptable
     */
    static AcceptedAnswer of(ServerRequest request) {
        List<MediaType> accepted;
        try {
            accepted = request.headers().accept();
        }
        catch (InvalidMediaTypeException unreadable) {
            throw Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                    "Accept is not a list of media types; send application/json or text/event-stream");
        }
        if (accepted.isEmpty()) {
            return JSON;
        }
        double json = quality(accepted, MediaType.APPLICATION_JSON, true);
        double events = quality(accepted, MediaType.TEXT_EVENT_STREAM, false);
        if (events > 0 && events >= json) {
            return EVENTS;
        }
        if (json > 0) {
            return JSON;
        }
        throw Problem.of(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
                "Accept allows neither application/json nor text/event-stream, the two answers of this route");
    }

    /**
     * The quality the most specific range that matches a type gives it (0 when none does).
     * Streaming must be asked for by name: a wildcard does not turn a plain call into a stream.
     */
    private static double quality(List<MediaType> accepted, MediaType type, boolean wildcards) {
        MediaType best = null;
        for (MediaType range : accepted) {
            boolean matches = wildcards ? range.includes(type) : range.equalsTypeAndSubtype(type);
            if (matches && (best == null || specificity(range) > specificity(best))) {
                best = range;
            }
        }
        return best == null ? 0 : best.getQualityValue();
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
    }
}
