package dev.kaizen.benchmarks;

import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

import dev.kaizen.core.FunctionAgent;
import dev.kaizen.core.Workflow;
import dev.kaizen.core.WorkflowResult;

/**
 * The platform's own cost of running a workflow, apart from any model: input validation alone,
 * a direct call of the agent (the no-adapter baseline), and a full {@code execute}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class WorkflowBenchmark {

    private FunctionAgent agent;

    private Workflow workflow;

    private Map<String, Object> inputs;

    @Setup
    public void setUp() {
        agent = BenchmarkAgents.echo("");
        workflow = agent.toWorkflow();
        inputs = Map.of("text", "hello");
    }

    @Benchmark
    public Map<String, Object> validateInputs() {
        return workflow.signature().validateInputs(inputs);
    }

    @Benchmark
    public Map<String, Object> directCall() {
        return agent.run(inputs);
    }

    @Benchmark
    public WorkflowResult execute() {
        return workflow.execute(inputs);
    }

    @Benchmark
    public String fingerprintUncached() {
        return agent.toWorkflow().fingerprint();
    }
}
