package dev.kaizen.nexus;

/** The channels a workflow can be served on. */
public enum ChannelType {

    /** REST: {@code POST {prefix}/{name}/execute}. */
    API,
    /** The shell: {@code nexus run {name} --field value}. */
    CLI,
    /** MCP: a tool named {@code {name}}. */
    MCP;

    /**
     * The address a client of this channel uses to reach a deployment.
     *
     * @param name the deployment name
     * @param restPathPrefix the REST path prefix, such as {@code /api/workflows}
     * @return the REST path, the shell command, or the MCP tool name
     */
    public String endpoint(String name, String restPathPrefix) {
        return switch (this) {
            case API -> restPathPrefix + "/" + name + "/execute";
            case CLI -> "nexus run " + name;
            case MCP -> name;
        };
    }
}
