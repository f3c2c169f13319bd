package dev.kaizen.nexus.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.kaizen.core.Field;
import dev.kaizen.core.InvalidInputException;
import dev.kaizen.core.Signature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the shell's commands do, whatever drives them (Spring Shell's interactive runner, a
 * one-shot command line, a test): parse options, run on a {@link ShellBackend}, render the
 * result, and answer with a process exit code.
 *
 * <p>Results go to {@code out} only; every error is one line on {@code err} that names the field
 * or workflow at fault (plus the command's usage when that helps), never a stack trace.
 */
public final class ShellOperations {

    /** The option that continues a session. */
    public static final String SESSION_OPTION = "session";

    /** The option that picks the output format: {@code json} (the default) or {@code text}. */
    public static final String FORMAT_OPTION = "format";

    /** The option that accepts the run and prints its id instead of waiting for it. */
    public static final String ASYNC_OPTION = "async";

    private final ShellBackend backend;

    private final JsonMapper json;

    private final OptionValues values;

    private final BooleanSupplier outputIsTerminal;

    /**
     * @param backend where commands run
     * @param json renders outputs as JSON
     */
    public ShellOperations(ShellBackend backend, JsonMapper json) {
        this(backend, json, StandardInput::isOutputTerminal);
    }

    private ShellOperations(ShellBackend backend, JsonMapper json, BooleanSupplier outputIsTerminal) {
        this.backend = backend;
        this.json = json;
        this.values = new OptionValues(json);
        this.outputIsTerminal = outputIsTerminal;
    }

    /**
     * @param streamed whether {@code --format text} streams a run's tokens before its result;
     *     by default only when standard output is a terminal
     * @return these operations, streaming tokens as said
     */
    public ShellOperations streamingTokens(boolean streamed) {
        return new ShellOperations(backend, json, () -> streamed);
    }

    /**
     * {@code nexus run {name} --field value ... [--session ID] [--format json|text]}.
     *
     * @param name the deployment name
     * @param options the options as typed
     * @param out where the outputs go
     * @param err where an error line goes
     * @return the exit code
     */
    public int run(String name, List<ShellOption> options, PrintWriter out, PrintWriter err) {
        return reporting(out, err, () -> {
            WorkflowDescription workflow = backend.describe(name).orElseThrow(() -> unknown(name));
            try {
                Invocation invocation = parse(workflow.signature(), options);
                if (invocation.async()) {
                    // The id alone, for scripts: nexus runs get|watch|cancel <id> take it.
                    out.println(backend.submit(name, invocation.inputs(), invocation.sessionId()).get("runId"));
                    return ShellFailure.OK;
                }
                Map<String, Object> outputs;
                try (ShellProgress progress = new ShellProgress(err, tokensTo(invocation.text(), out),
                        StandardInput.isErrorTerminal())) {
                    outputs = backend.run(name, invocation.inputs(), invocation.sessionId(), progress);
                }
                render(outputs, invocation.text(), out);
                return ShellFailure.OK;
            }
            catch (ShellFailure failure) {
                return report(failure, failure.showUsage() ? usage(workflow) : null, err);
            }
        });
    }

    /**
     * {@code nexus list}: one line per workflow with its description and channels.
     *
     * @param out where the list goes
     * @param err where an error line goes
     * @return the exit code
     */
    public int list(PrintWriter out, PrintWriter err) {
        return reporting(out, err, () -> {
            List<WorkflowDescription> workflows = backend.list();
            int width = workflows.stream().mapToInt(w -> w.name().length()).max().orElse(0);
            for (WorkflowDescription workflow : workflows) {
                out.println(String.format("%-" + width + "s  %s  [%s]", workflow.name(), workflow.description(),
                        String.join(", ", workflow.channels())));
            }
            return ShellFailure.OK;
        });
    }

    /**
     * @return the workflows served, for completion and the shell's greeting
     * @throws ShellFailure if a remote Nexus cannot be reached or refuses
     */
    public List<WorkflowDescription> workflows() {
        return backend.list();
    }

    /**
     * {@code nexus describe {name}}: inputs and outputs with types, defaults and descriptions.
     *
     * @param name the deployment name
     * @param out where the description goes
     * @param err where an error line goes
     * @return the exit code
     */
    public int describe(String name, PrintWriter out, PrintWriter err) {
        return reporting(out, err, () -> {
            WorkflowDescription workflow = backend.describe(name).orElseThrow(() -> unknown(name));
            out.println(workflow.name() + ": " + workflow.description());
            out.println("channels: " + String.join(", ", workflow.channels()));
            out.println("inputs:");
            workflow.signature().inputs().forEach(field -> out.println("  " + fieldLine(field, true)));
            out.println("outputs:");
            workflow.signature().outputs().forEach(field -> out.println("  " + fieldLine(field, false)));
            out.println(usage(workflow));
            return ShellFailure.OK;
        });
    }

    /**
     * {@code nexus runs get|watch|cancel <id>}: a run that answers at once, as JSON ({@code get},
     * {@code cancel}), or followed to its end, its progress on stderr and its outputs printed as
     * {@code nexus run} prints them ({@code watch}, whose exit code is the run's).
     *
     * @param action get, watch or cancel
     * @param runId the run's id, as {@code nexus run ... --async} printed it
     * @param text whether {@code watch} prints text rather than JSON
     * @param out where the run or its outputs go
     * @param err where an error line goes
     * @return the exit code
     */
    public int runs(String action, String runId, boolean text, PrintWriter out, PrintWriter err) {
        return switch (action) {
            case "get" -> printing(() -> backend.runInfo(runId).orElseThrow(() -> unknownRun(runId)), out, err);
            case "cancel" -> printing(() -> backend.cancelRun(runId).orElseThrow(() -> unknownRun(runId)), out, err);
            case "watch" -> reporting(out, err, () -> {
                Map<String, Object> outputs;
                try (ShellProgress progress = new ShellProgress(err, tokensTo(text, out), StandardInput.isErrorTerminal())) {
                    outputs = backend.watch(runId, progress);
                }
                render(outputs, text, out);
                return ShellFailure.OK;
            });
            default -> report(ShellFailure.invalidInput("unknown action 'nexus runs " + action
                    + "': use get, watch or cancel"), RUNS_USAGE, err);
        };
    }

    /** The usage line of {@code nexus runs}. */
    public static final String RUNS_USAGE = "usage: nexus runs get|watch|cancel <run id> [--format json|text]";

    /**
     * Where a run's tokens stream: to a terminal in {@code --format text}, before the result; a
     * pipe or a file gets the result alone, so a script never reads the model's raw text too.
     */
    private @Nullable PrintWriter tokensTo(boolean text, PrintWriter out) {
        return text && outputIsTerminal.getAsBoolean() ? out : null;
    }

    private static ShellFailure unknownRun(String runId) {
        return ShellFailure.notFound("no run with id '" + runId + "' (runs are kept for a while after they end)");
    }

    /**
     * {@code nexus sessions}: session metrics and the ids of live sessions, as JSON.
     *
     * @param out where they go
     * @param err where an error line goes
     * @return the exit code
     */
    public int sessions(PrintWriter out, PrintWriter err) {
        return printing(() -> backend.sessions(), out, err);
    }

    /**
     * {@code nexus session {id}}: one session with its channels and state, as JSON.
     *
     * @param sessionId the session id
     * @param out where it goes
     * @param err where an error line goes
     * @return the exit code
     */
    public int session(String sessionId, PrintWriter out, PrintWriter err) {
        return printing(() -> backend.session(sessionId).orElseThrow(() -> ShellFailure.notFound(
                "session '" + sessionId + "' does not exist or has expired")), out, err);
    }

    /**
     * {@code nexus perf}: the timing summary; with {@code --report}, the SLA report as JSON, to a
     * file when one is named.
     *
     * @param report whether to print the report instead of the summary
     * @param file where to write the report, or {@code null} for {@code out}
     * @param out where the summary or report goes
     * @param err where an error line goes
     * @return the exit code
     */
    public int perf(boolean report, @Nullable String file, PrintWriter out, PrintWriter err) {
        if (!report) {
            return reporting(out, err, () -> {
                backend.performance().print(out);
                return ShellFailure.OK;
            });
        }
        if (file == null) {
            return printing(backend::performanceReport, out, err);
        }
        return reporting(out, err, () -> {
            try {
                Files.writeString(Path.of(file),
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(backend.performanceReport()));
            }
            catch (IOException | InvalidPathException e) {
                throw ShellFailure.failed("cannot write the report to " + file + ": " + e.getMessage());
            }
            out.println("report written to " + file);
            return ShellFailure.OK;
        });
    }

    private int printing(Supplier<Map<String, Object>> view, PrintWriter out, PrintWriter err) {
        return reporting(out, err, () -> {
            out.println(json.writeValueAsString(view.get()));
            return ShellFailure.OK;
        });
    }

    /** Runs a command: a failure becomes its error line and exit code; both writers are flushed. */
    private static int reporting(PrintWriter out, PrintWriter err, IntSupplier command) {
        try {
            return command.getAsInt();
        }
        catch (ShellFailure failure) {
            return report(failure, null, err);
        }
        finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * @param name a deployment name
     * @return the usage line of {@code nexus run {name}}, if the workflow is served
     */
    public Optional<String> usage(String name) {
        return backend.describe(name).map(ShellOperations::usage);
    }

    private record Invocation(Map<String, Object> inputs, @Nullable String sessionId, boolean text, boolean async) {
    }

    private Invocation parse(Signature signature, List<ShellOption> options) {
        List<ShellOption> fieldOptions = new ArrayList<>();
        String sessionId = null;
        boolean text = false;
        boolean async = false;
        for (ShellOption option : options) {
            switch (option.name()) {
                case ASYNC_OPTION -> {
                    if (option.value() != null && !option.value().isBlank() && !option.value().equals("true")) {
                        throw ShellFailure.invalidInput("--async takes no value, was '" + option.value() + "'");
                    }
                    async = true;
                }
                case SESSION_OPTION -> sessionId = requireValue(option);
                case FORMAT_OPTION -> text = switch (String.valueOf(option.value())) {
                    case "json" -> false;
                    case "text" -> true;
                    default -> throw ShellFailure.invalidInput(option.value() == null
                            ? "--format needs a value: json or text"
                            : "--format must be json or text, was '" + option.value() + "'");
                };
                default -> fieldOptions.add(option);
            }
        }
        OptionValues.Converted converted = values.convert(signature, fieldOptions);
        if (!converted.errors().isEmpty()) {
            throw ShellFailure.invalidInput(new InvalidInputException(converted.errors()).getMessage());
        }
        return new Invocation(converted.inputs(), sessionId, text, async);
    }

    private static String requireValue(ShellOption option) {
        if (option.value() == null || option.value().isBlank()) {
            throw ShellFailure.invalidInput("--" + option.name() + " needs a value");
        }
        return option.value();
    }

    private void render(Map<String, Object> outputs, boolean text, PrintWriter out) {
        if (!text) {
            out.println(json.writeValueAsString(outputs));
            return;
        }
        outputs.forEach((field, value) -> out.println(field + ": "
                + (value instanceof String string ? string : json.writeValueAsString(value))));
    }

    private static int report(ShellFailure failure, @Nullable String usage, PrintWriter err) {
        err.println("error: " + failure.getMessage());
        if (usage != null) {
            err.println(usage);
        }
        return failure.exitCode();
    }

    private static ShellFailure unknown(String name) {
        return ShellFailure.notFound("no workflow named '" + name + "' is deployed; 'nexus list' shows them");
    }

    static String usage(WorkflowDescription workflow) {
        String fields = workflow.signature().inputs().stream().map(field -> {
            String option = "--" + field.name() + " <" + field.type().jsonName() + ">";
            return field.required() ? option : "[" + option + "]";
        }).collect(Collectors.joining(" "));
        return "usage: nexus run " + workflow.name() + (fields.isEmpty() ? "" : " " + fields)
                + " [--session ID] [--format json|text] [--async]";
    }

    private String fieldLine(Field field, boolean input) {
        StringBuilder line = new StringBuilder(field.name()).append(" (").append(field.type().jsonName());
        if (input) {
            line.append(field.required() ? ", required" : ", optional");
            if (field.defaultValue() != null) {
                line.append(", default ").append(json.writeValueAsString(field.defaultValue()));
            }
        }
        return line.append("): ").append(field.description()).toString();
    }
}
