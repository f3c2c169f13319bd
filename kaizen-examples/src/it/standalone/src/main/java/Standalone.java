import java.util.Map;

import dev.kaizen.core.FieldType;
import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Signature;
import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.shell.InteractiveShell;
import dev.kaizen.nexus.shell.ShellChannel;

public class Standalone {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        Nexus nexus = Nexus.builder().port(port).build().start();   // REST and MCP on 127.0.0.1
        FunctionAgent upper = FunctionAgent.builder()
                .name("upper")
                .description("Upper-cases a text")
                .signature(Signature.builder()
                        .input("text", FieldType.STRING, "The text")
                        .output("result", FieldType.STRING, "The text in upper case")
                        .build())
                .function(inputs -> Map.of("result", ((String) inputs.get("text")).toUpperCase()))
                .build();
        ChannelEndpoints endpoints = Deployments.deployMultiChannel(upper, nexus, "upper");
        System.out.println("REST: POST " + nexus.baseUri() + endpoints.api());
        System.out.println("MCP:  tool '" + endpoints.mcp() + "' at " + nexus.baseUri() + nexus.mcpConfig().path());
        System.out.println("CLI:  " + endpoints.cli());

        int status = InteractiveShell.run(ShellChannel.of(nexus));   // the shell on this terminal, until quit
        nexus.close();
        if (status != 0) {
            System.exit(status);
        }
    }
}
