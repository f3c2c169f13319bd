package dev.kaizen.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.nexus.ChannelEndpoints;
import dev.kaizen.nexus.DeployOptions;
import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.deploy.DeploymentCache;

/**
 * Deploying into a running Nexus (REST routes, shell commands and an MCP server attached):
 * a new agent on all three channels (cold), the same agent again (cached), one channel at a time,
 * and {@code useCache=false}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class DeploymentBenchmark {

    private static final int NAMES = 256;

    private Nexus nexus;

    private FunctionAgent cachedAgent;

    private long sequence;

    @Setup
    public void startNexus() {
        nexus = Nexus.builder().port(0).deploymentCache(new DeploymentCache(1_000, Runnable::run)).build().start();
        cachedAgent = BenchmarkAgents.echo("cached");
        Deployments.deployMultiChannel(cachedAgent, nexus, "cached");
    }

    @TearDown
    public void stopNexus() {
        nexus.close();
    }

    /** A new agent (new fingerprint) each time, so the cache never has it; names cycle. */
    private FunctionAgent newAgent() {
        return BenchmarkAgents.echo("v" + sequence++);
    }

    private String name() {
        return "w" + (sequence % NAMES);
    }

    @Benchmark
    public ChannelEndpoints coldMultiChannel() {
        return Deployments.deployMultiChannel(newAgent(), nexus, name());
    }

    @Benchmark
    public ChannelEndpoints cachedRedeploy() {
        return Deployments.deployMultiChannel(cachedAgent, nexus, "cached");
    }

    @Benchmark
    public String coldApiOnly() {
        return Deployments.deployAsApi(newAgent(), nexus, "api" + (sequence % NAMES));
    }

    @Benchmark
    public String coldCliOnly() {
        return Deployments.deployAsCli(newAgent(), nexus, "cli" + (sequence % NAMES));
    }

    @Benchmark
    public String coldMcpOnly() {
        return Deployments.deployAsMcp(newAgent(), nexus, "mcp" + (sequence % NAMES));
    }

    @Benchmark
    public ChannelEndpoints noCacheRedeploy() {
        return Deployments.deployMultiChannel(cachedAgent, nexus, "cached", DeployOptions.builder().useCache(false)
                .build());
    }
}
