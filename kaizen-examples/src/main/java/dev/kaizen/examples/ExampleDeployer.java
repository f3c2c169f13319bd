package dev.kaizen.examples;

import java.io.PrintStream;
import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.kaizen.core.Agent;
import dev.kaizen.nexus.CommandCredential;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.deploy.Deployment;

/**
 * Deploys every agent bean on every channel once the beans exist, and prints a command to try
 * each one with once the server is up.
 */
@Component
class ExampleDeployer implements SmartInitializingSingleton {

    /** The launcher the build makes (from the repository's root), which starts fastest. */
    static final String LAUNCHER = "kaizen-examples/target/kaizen";

    /** The first line of the commands, before the Nexus's address. */
    static final String TRY = "Try the examples on ";

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
        printCommands(System.out);
    }

    /**
     * Commands to copy for each example (curl and the remote shell), beside the Nexus's own start-up
     * block, which lists every address once (REST, MCP, the shell). When the Nexus requires
     * credentials, each command sends one from an environment variable ({@link CommandCredential}).
     */
    void printCommands(PrintStream out) {
        if (!nexus.isRunning()) {
            return; // no web server (MCP over stdio): there is nothing to call
        }
        String base = nexus.baseUri().toString();
        CommandCredential credential = CommandCredential.of(nexus.security());
        String shell = LAUNCHER + " --url " + base + credential.shellOption();
        out.println(TRY + base + " (commands from the repository's root):");
        for (Deployment deployment : nexus.registry().list()) {
            String name = deployment.name();
            out.println("  " + name + ": " + deployment.workflow().description());
            out.println("    curl -s " + base + deployment.endpoints().api() + " -H 'Content-Type: application/json'"
                    + credential.curlHeader() + " -d '" + ExampleInputs.jsonFor(name) + "'");
            out.println("    " + shell + " " + deployment.endpoints().cli() + " "
                    + ExampleInputs.shellOptionsFor(name));
        }
        out.println("  the shell: " + shell + " --shell");
        out.println("  MCP over stdio, for a client that launches the app: " + LAUNCHER + " --mcp-stdio");
        out.flush();
    }
}
