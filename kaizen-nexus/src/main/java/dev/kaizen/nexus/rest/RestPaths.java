package dev.kaizen.nexus.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.kaizen.nexus.channel.ChannelId;

/** The REST channel's fixed paths, and the links {@code /health} gives clients to find the rest. */
final class RestPaths {

    /** The end of every execute path. */
    static final String EXECUTE_SUFFIX = "/execute";

    /** The summary of every operation's timings. */
    static final String METRICS = "/api/metrics";

    /** The timings judged against the targets. */
    static final String REPORT = "/api/performance/report";

    /** The key of REST addresses in a workflow's endpoints. */
    static final String CHANNEL = ChannelId.API.value();

    private RestPaths() {
    }

    /**
     * @param config the REST settings
     * @return where a client finds workflows, sessions, metrics, the report and the OpenAPI document
     */
    static Map<String, String> links(RestConfig config) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("workflows", config.pathPrefix());
        links.put("sessions", SessionHandlers.PATH);
        links.put("metrics", METRICS);
        links.put("report", REPORT);
        links.put("openapi", RestConfig.OPENAPI_PATH);
        return links;
    }
}
