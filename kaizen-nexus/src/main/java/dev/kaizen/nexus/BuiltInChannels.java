package dev.kaizen.nexus;

import java.util.ArrayList;
import java.util.List;

import org.springframework.util.ClassUtils;

import dev.kaizen.nexus.channel.Channel;
import dev.kaizen.nexus.mcp.McpChannel;
import dev.kaizen.nexus.rest.RestChannel;
import dev.kaizen.nexus.shell.ShellChannel;

/**
 * The channels that come with Kaizen, each present when its library is on the class path, as
 * Spring Boot starters activate. A channel class is only touched once its library is known to be
 * there, so an application that leaves Spring Shell or the MCP SDK out never loads it.
 */
final class BuiltInChannels {

    /** Spring MVC's functional routes, which the REST channel is served by. */
    static final String REST_LIBRARY = "org.springframework.web.servlet.function.RouterFunction";

    /** The MCP Java SDK's server. */
    static final String MCP_LIBRARY = "io.modelcontextprotocol.server.McpSyncServer";

    /** Spring Shell's command registry (and JLine for the interactive shell). */
    static final String SHELL_LIBRARY = "org.springframework.shell.core.command.CommandRegistry";

    private BuiltInChannels() {
    }

    /**
     * @return a new instance of each built-in channel whose library is present
     */
    static List<Channel> available() {
        List<Channel> channels = new ArrayList<>(3);
        if (present(REST_LIBRARY)) {
            channels.add(new RestChannel());
        }
        if (present(SHELL_LIBRARY)) {
            channels.add(new ShellChannel());
        }
        if (present(MCP_LIBRARY)) {
            channels.add(new McpChannel());
        }
        return channels;
    }

    /**
     * @param className a class of the library
     * @return whether the library is on this class loader's class path
     */
    static boolean present(String className) {
        return ClassUtils.isPresent(className, BuiltInChannels.class.getClassLoader());
    }
}
