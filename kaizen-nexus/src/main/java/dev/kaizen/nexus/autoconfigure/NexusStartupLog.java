package dev.kaizen.nexus.autoconfigure;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import dev.kaizen.nexus.CommandCredential;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.admin.WorkflowView;
import dev.kaizen.nexus.channel.Caller;
import dev.kaizen.nexus.channel.ChannelId;
import dev.kaizen.nexus.rest.RestConfig;

/**
 * One INFO block once the application is ready: where the Nexus listens, each deployment with its
 * address on every channel, and whether callers need credentials. Runs after the application's own
 * ready listeners, so workflows they deploy are listed too.
 */
final class NexusStartupLog implements ApplicationListener<ApplicationReadyEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(Nexus.class);

    private final Nexus nexus;

    NexusStartupLog(Nexus nexus) {
        this.nexus = nexus;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (nexus.isRunning() && log.isInfoEnabled()) {
            log.info(block());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    String block() {
        String base = nexus.baseUri().toString();
        List<WorkflowView> workflows = nexus.admin().workflows(Caller.local());
        StringBuilder text = new StringBuilder("Kaizen Nexus on ").append(base).append(": ")
                .append(workflows.isEmpty() ? "no workflows deployed yet" : workflows.size() + " workflow(s)");
        for (WorkflowView workflow : workflows) {
            text.append("\n  ").append(workflow.name()).append(":");
            for (Map.Entry<String, String> endpoint : workflow.endpoints().entrySet()) {
                text.append("\n    ").append(address(endpoint.getKey(), endpoint.getValue(), base));
            }
        }
        text.append("\n  health ").append(base).append(RestConfig.HEALTH_PATH).append(", OpenAPI ").append(base)
                .append(RestConfig.OPENAPI_PATH).append("; callers ").append(credentials(base));
        String authority = nexus.baseUri().getAuthority();
        if (!nexus.security().acceptsHost(authority)) {
            // Otherwise the addresses above answer 421 and nothing says why until someone calls one.
            text.append("\n  note: these addresses use Host '").append(authority)
                    .append("', which kaizen.nexus.security.allowed-hosts does not list (").append(String.join(", ",
                            nexus.security().allowedHosts())).append("): callers must use a name it lists");
        }
        return text.toString();
    }

    /**
     * What callers need, and when they need a credential, how a copied command sends it: a
     * placeholder for the environment variable, never the key.
     */
    private String credentials(String base) {
        CommandCredential credential = CommandCredential.of(nexus.security());
        if (credential == CommandCredential.NONE) {
            return "need no credentials (loopback or behind a gateway)";
        }
        return "need an API key or a bearer token: curl ..." + credential.curlHeader() + ", the remote shell --url "
                + base + credential.shellOption() + " nexus ...";
    }

    /** One line per channel, labelled with the channel's id (so a channel of the application's own shows too). */
    private String address(String channel, String address, String base) {
        String where = channel.equals(ChannelId.API.value()) ? "POST " + base + address
                : channel.equals(ChannelId.MCP.value()) ? "tool '" + address + "' at " + base + nexus.mcpConfig().path()
                : address;
        return channel + ": " + where;
    }
}
