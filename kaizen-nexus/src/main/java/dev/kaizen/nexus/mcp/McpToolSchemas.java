package dev.kaizen.nexus.mcp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kaizen.core.RunContext;
import dev.kaizen.core.Workflow;

/**
 * A workflow's input and output schemas in the form its MCP tool declares them: without the
 * {@code $schema} keyword (some clients validate with older JSON Schema drafts and reject it), and
 * with the {@code sessionId} the MCP channel adds on both sides (required in the input when the
 * workflow needs a session). Built once per workflow
 * fingerprint and cached with the deployment.
 */
record McpToolSchemas(Map<String, Object> input, Map<String, Object> output, String description) {

    static final String SESSION_ID = "sessionId";

    private static final Map<String, Object> SESSION_PROPERTY = Map.of("type", "string",
            "pattern", "^" + RunContext.SESSION_ID_PATTERN + "$",
            "description", "Continue the session with this id on any channel (REST, shell or MCP)");

    static McpToolSchemas of(Workflow workflow) {
        if (workflow.signature().inputs().stream().anyMatch(field -> field.name().equals(SESSION_ID))) {
            throw new IllegalArgumentException("workflow '" + workflow.name() + "' has an input named '" + SESSION_ID
                    + "', which the MCP channel reserves for the session id; rename the input");
        }
        boolean required = workflow.signature().requiresSession();
        return new McpToolSchemas(withSession(workflow.inputSchema(), required),
                withSession(workflow.outputSchema(), false), description(workflow));
    }

    /** The tool's description: the workflow's, saying so when a call needs a session. */
    private static String description(Workflow workflow) {
        String own = workflow.description();
        if (!workflow.signature().requiresSession()) {
            return own;
        }
        return sentence(own) + "Needs a session: pass sessionId (create one with POST /api/sessions).";
    }

    /**
     * A description as the first sentence of a longer text: ended with a full stop if it has no
     * end of its own ("Keeps notes" reads "Keeps notes. Needs a session..."), and a space.
     */
    static String sentence(String description) {
        String text = description.strip();
        if (text.isEmpty()) {
            return "";
        }
        char last = text.charAt(text.length() - 1);
        return text + (last == '.' || last == '!' || last == '?' ? " " : ". ");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withSession(Map<String, Object> schema, boolean required) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.remove("$schema");
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        properties.put(SESSION_ID, SESSION_PROPERTY);
        copy.put("properties", Collections.unmodifiableMap(properties));
        if (required) {
            List<Object> names = new ArrayList<>((List<Object>) schema.getOrDefault("required", List.of()));
            names.add(SESSION_ID);
            copy.put("required", List.copyOf(names));
        }
        return Collections.unmodifiableMap(copy);
    }
}
