package dev.kaizen.nexus.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kaizen.core.Signature;
import dev.kaizen.nexus.deploy.Deployment;

/**
 * A deployed workflow as listings show it: the same on REST, in the shell and anywhere else.
 *
 * @param name the deployment name
 * @param description what the workflow does
 * @param channels the ids of the channels it is served on, sorted
 * @param endpoints its address on each channel, by channel id
 * @param fingerprint the workflow's fingerprint
 * @param deployedAt when the deployment was made
 * @param signature its inputs and outputs
 * @param inputSchema the JSON Schema of its inputs
 * @param outputSchema the JSON Schema of its outputs
 */
public record WorkflowView(String name, String description, List<String> channels, Map<String, String> endpoints,
        String fingerprint, Instant deployedAt, Signature signature, Map<String, Object> inputSchema,
        Map<String, Object> outputSchema) {

    static WorkflowView of(Deployment deployment) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        deployment.endpoints().addresses().forEach((id, address) -> endpoints.put(id.value(), address));
        return new WorkflowView(deployment.name(), deployment.workflow().description(),
                List.copyOf(endpoints.keySet()), endpoints, deployment.workflow().fingerprint(),
                deployment.deployedAt(), deployment.workflow().signature(), deployment.workflow().inputSchema(),
                deployment.workflow().outputSchema());
    }

    /**
     * @return whether every call must name a session
     */
    public boolean requiresSession() {
        return signature.requiresSession();
    }

    /**
     * @return the JSON form of a listing: name, description, channels, endpoints, fingerprint,
     *     deployedAt, requiresSession
     */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", name);
        summary.put("description", description);
        summary.put("channels", channels);
        summary.put("endpoints", endpoints);
        summary.put("fingerprint", fingerprint);
        summary.put("deployedAt", deployedAt.toString());
        summary.put("requiresSession", requiresSession());
        return summary;
    }

    /**
     * @return {@link #summary()} with the input and output schemas
     */
    public Map<String, Object> detail() {
        Map<String, Object> detail = summary();
        detail.put("inputSchema", inputSchema);
        detail.put("outputSchema", outputSchema);
        return detail;
    }
}
