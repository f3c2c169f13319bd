package dev.kaizen.benchmarks;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
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

import dev.kaizen.nexus.Deployments;
import dev.kaizen.nexus.Nexus;
import dev.kaizen.nexus.deploy.DeploymentCache;
import dev.kaizen.nexus.shell.OneShotCommand;
import dev.kaizen.nexus.shell.ShellChannel;

/** In-process {@code nexus run} dispatch: option parsing, conversion, execution and JSON output. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class ShellBenchmark {

    private static final List<String> COMMAND = List.of("nexus", "run", "echo", "--text", "hello world", "--times", "2");

    private Nexus nexus;

    private final PrintWriter sink = new PrintWriter(Writer.nullWriter());

    @Setup
    public void setUp() {
        nexus = Nexus.builder().deploymentCache(new DeploymentCache(10, Runnable::run)).build();
        Deployments.deployAsCli(BenchmarkAgents.echo(""), nexus, "echo");
    }

    @TearDown
    public void tearDown() {
        nexus.close();
    }

    @Benchmark
    public int nexusRun() {
        return OneShotCommand.run(ShellChannel.of(nexus).operations(), COMMAND, sink, sink);
    }
}
