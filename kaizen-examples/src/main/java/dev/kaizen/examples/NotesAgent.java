package dev.kaizen.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.kaizen.core.AbstractAgent;
import dev.kaizen.core.AgentConfig;
import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.RunContext;
import dev.kaizen.core.SessionState;
import dev.kaizen.core.Signature;

/**
 * Notes kept in the caller's session: add one on REST, another on MCP, list them in the shell.
 * Shows a session continuing across channels.
 */
final class NotesAgent extends AbstractAgent {

    /** The session state key holding the notes. */
    static final String KEY = "notes";

    NotesAgent() {
        super("notes", "Adds a note to your session and lists every note so far",
                Signature.builder()
                        .requiresSession()
                        .optionalInput("note", FieldType.STRING, "A note to add; leave out to only list", null)
                        .output("notes", FieldType.ARRAY, "Every note of the session, oldest first")
                        .build(),
                AgentConfig.builder().provider(FunctionAgent.PROVIDER).build());
    }

    @Override
    public Map<String, Object> run(Map<String, Object> inputs, RunContext context) {
        // The signature requires a session, so the Nexus refuses a call without one before this runs.
        SessionState session = context.session().orElseThrow();
        Object note = inputs.get("note");
        Object notes = note == null ? session.snapshot().getOrDefault(KEY, List.of())
                : session.update(KEY, old -> {
                    List<Object> all = new ArrayList<>(old instanceof List<?> list ? list : List.of());
                    all.add(note);
                    return all;
                });
        return Map.of("notes", notes == null ? List.of() : notes);
    }
}
