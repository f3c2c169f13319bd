package dev.kaizen.nexus.shell;

import java.util.List;

import dev.kaizen.core.Signature;

/**
 * What the shell knows of a workflow, whether it runs here or on a remote Nexus.
 *
 * @param name the deployment name
 * @param description what it does
 * @param channels the channels it is served on, in lower case
 * @param signature its inputs and outputs
 */
public record WorkflowDescription(String name, String description, List<String> channels, Signature signature) {
}
