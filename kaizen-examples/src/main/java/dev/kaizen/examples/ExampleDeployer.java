package dev.kaizen.examples;

import java.io.PrintStream;
import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.kaizen.core.Agent;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.deploy.Deployment;

/**
 * Deploys every agent bean on every channel once the beans exist, and prints where each one
 * answers once the server is up.
 */
@Component
class ExampleDeployer implements SmartInitializingSingleton {

    /** The launcher the build makes (from the repository's root), which starts fastest. */
    static final String LAUNCHER = "kaizen-examples/target/kaizen";

    private final Nexus nexus;

    private final List<Agent> agents;

    ExampleDeployer(Nexus nexus, List<Agent> agents) {
        this.nexus = nexus;
        this.agents = agents;
    }

    @Override
    public void afterSingletonsInstantiated() {
        agents.forEach(agent -> Deployments.deployMultiChannel(agent, nexus, agent.name()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void printAddresses() {
        printAddresses(System.out);
    }

    void printAddresses(PrintStream out) {
        if (!nexus.isRunning()) {
            return; // no web server (MCP over stdio): there are no addresses to print
        }
        String base = nexus.baseUri().toString();
        out.println("Kaizen Nexus serving " + nexus.registry().size() + " workflows on " + base);
        for (Deployment deployment : nexus.registry().list()) {
            String name = deployment.name();
            out.println("  " + name + ": " + deployment.workflow().description());
            out.println("    REST  curl -s " + base + deployment.endpoints().api()
                    + " -H 'Content-Type: application/json' -d '" + ExampleInputs.jsonFor(name) + "'");
            out.println("    MCP   tool '" + deployment.endpoints().mcp() + "' at " + base + nexus.mcpConfig().path());
            out.println("    SHELL " + LAUNCHER + " --url " + base + " " + deployment.endpoints().cli() + " "
                    + ExampleInputs.shellOptionsFor(name));
        }
        out.println("  MCP   " + base + nexus.mcpConfig().path() + "  (Streamable HTTP; or run with --mcp-stdio)");
        out.println("  SHELL " + LAUNCHER + " --url " + base + " --shell");
        out.println("  OpenAPI " + base + "/api/openapi.json   health " + base + "/health");
        out.flush();
    }
}
