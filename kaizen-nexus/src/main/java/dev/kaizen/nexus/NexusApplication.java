package dev.kaizen.nexus;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import dev.kaizen.nexus.autoconfigure.LeanStartFilter;
import dev.kaizen.nexus.execution.FailureClassifier;
import dev.kaizen.nexus.shell.InteractiveShell;
import dev.kaizen.nexus.shell.OneShotCommand;
import dev.kaizen.nexus.shell.OneShotInterrupt;
import dev.kaizen.nexus.shell.RemoteShellBackend;
import dev.kaizen.nexus.shell.ShellChannel;
import dev.kaizen.nexus.shell.ShellFailure;
import dev.kaizen.nexus.shell.ShellOperations;
import dev.kaizen.nexus.shell.StandardInput;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a Spring Boot application that deploys agents on a Nexus, in the mode its arguments ask
 * for. Call it from {@code main}: {@code NexusApplication.run(MyApp.class, args)}.
 *
 * <table>
 * <caption>Modes</caption>
 * <tr><th>arguments</th><th>mode</th></tr>
 * <tr><td>(none, or Spring Boot's {@code --name=value})</td><td>server: REST and MCP on the web server</td></tr>
 * <tr><td>{@code --shell}</td><td>the interactive shell, without a web server ({@code --serve}: with it)</td></tr>
 * <tr><td>{@code --url http://host:8000 --shell}</td><td>the interactive shell on a running Nexus,
 * without starting Spring</td></tr>
 * <tr><td>{@code --help}</td><td>the usage, then exit 0; nothing starts</td></tr>
 * <tr><td>{@code --mcp-stdio}</td><td>MCP over stdin/stdout, no web server</td></tr>
 * <tr><td>{@code nexus run qa --question hi}</td><td>one command, no web server; stdout holds only the
 * result</td></tr>
 * <tr><td>{@code --url http://host:8000 nexus run ...}</td><td>one command against a running Nexus
 * over REST, without starting Spring at all; {@code --api-key} or {@code --token} (or
 * {@code KAIZEN_API_KEY}, {@code KAIZEN_TOKEN}) for a Nexus that requires credentials</td></tr>
 * </table>
 *
 * <p>Arguments before {@code nexus} go to Spring Boot; those after it belong to the command and
 * are never read as Spring properties. One-shot commands exit the JVM with their code: 0 success,
 * 2 invalid input or unknown workflow, 1 agent failure or timeout, 75 try again later (overloaded,
 * rate limited), 77 refused credentials or scopes (and 130 on Ctrl-C, from the JVM).
 */
public final class NexusApplication {

    private static final String SHELL = "--shell";

    private static final String SERVE = "--serve";

    private static final String URL = "--url";

    private static final String API_KEY = CommandCredential.API_KEY_OPTION;

    private static final String TOKEN = CommandCredential.TOKEN_OPTION;

    private static final String COMMAND = "nexus";

    /** What {@code --help} prints: every mode, and where to read more. */
    static final String HELP = """
            usage: java -jar <app>.jar [mode] [--name=value ...]

            modes:
              (none)                       serve REST (/api/workflows) and MCP (/mcp) on the web server
              --shell [--serve]            the interactive shell; --serve: REST and MCP served beside it
              --mcp-stdio                  MCP over stdin/stdout for a client that launches the app
              nexus <command> ...          one command, then exit; stdout holds only its result
              --url <address> nexus <command> ...
                                           one command against a running Nexus over REST
              --url <address> --shell      the interactive shell on a running Nexus
                --api-key <key>, --token <jwt>   credentials for --url (or KAIZEN_API_KEY, KAIZEN_TOKEN)

            commands: nexus run <name> [--<field> <value> ...] [--session ID] [--format json|text] [--async]
                      nexus runs get|watch|cancel <run id>
                      nexus list | nexus describe <name> | nexus sessions | nexus session <id>
                      nexus perf [--report [file]] | nexus run <name> --help

            --name=value arguments before 'nexus' are Spring Boot properties (server.port, kaizen.nexus.*).
            exit codes: 0 ok, 2 invalid input, 1 failure, 75 try again later, 77 refused, 130 interrupted
            """;

    private NexusApplication() {
    }

    /**
     * Runs the application in the mode its arguments ask for.
     *
     * @param application the {@code @SpringBootApplication} class
     * @param args the program arguments
     * @return the running context in server and stdio modes; the shell and one-shot modes end the
     *     JVM instead of returning
     */
    public static @Nullable ConfigurableApplicationContext run(Class<?> application, String... args) {
        int command = Arrays.asList(args).indexOf(COMMAND);
        List<String> before = new ArrayList<>(Arrays.asList(args).subList(0, command < 0 ? args.length : command));
        if (before.contains("--help") || before.contains("-h")) {
            // Before anything starts: asking for help must not bind a port or run a command.
            PrintWriter out = stdout();
            out.print(HELP);
            out.flush();
            System.exit(ShellFailure.OK);
            return null;
        }
        String url;
        String apiKey;
        String token;
        try {
            url = take(URL, before);
            apiKey = take(API_KEY, before);
            token = take(TOKEN, before);
            refuseStrayWords(before);
        }
        catch (IllegalArgumentException usage) {
            return usageError(usage.getMessage());
        }
        if (url == null && (apiKey != null || token != null)) {
            // Never ignored silently: a local run has no network caller to authenticate.
            return usageError((apiKey != null ? API_KEY : TOKEN) + " goes with --url (a command against a "
                    + "running Nexus); local commands are not checked");
        }
        boolean shell = before.remove(SHELL);
        boolean serve = before.remove(SERVE);
        if (serve && !shell) {
            return usageError(SERVE + " goes with " + SHELL + " (the shell with REST and MCP served beside"
                    + " it); without --shell the app serves anyway");
        }
        if (command >= 0 && shell) {
            return usageError(SHELL + " opens the shell; 'nexus ...' runs one command: give one of them");
        }
        if (command >= 0) {
            List<String> words = Arrays.asList(args).subList(command, args.length);
            System.exit(url != null ? runRemote(url, credential(apiKey, token), words, false)
                    : runLocal(application, before, words));
            return null;
        }
        if (shell) {
            if (url != null && serve) {
                return usageError(SERVE + " serves this app's workflows; with --url the shell works on"
                        + " the Nexus at that address instead");
            }
            System.exit(url != null ? runRemote(url, credential(apiKey, token), List.of(), true)
                    : runShell(application, before, serve));
            return null;
        }
        if (url != null) {
            return usageError("--url needs a command or the shell, such as: --url " + url + " nexus list, or --url "
                    + url + " --shell");
        }
        try {
            return SpringApplication.run(application, args);
        }
        catch (RuntimeException failedToStart) {
            // Spring Boot has reported why (its Description and Action). A library thread started
            // before the failure (the MCP SDK's session sweeper is not a daemon) must not keep the
            // JVM, and with it a script, a container or systemd, waiting forever.
            System.exit(ShellFailure.FAILED);
            return null;
        }
    }

    /** Says what is wrong with the arguments in one line and ends the JVM with exit code 2. */
    private static @Nullable ConfigurableApplicationContext usageError(String message) {
        System.err.println("error: " + message);
        System.exit(ShellFailure.USAGE);
        return null;
    }

    /**
     * The credential a remote command sends: {@code --api-key} or {@code --token}, else the
     * {@code KAIZEN_API_KEY} or {@code KAIZEN_TOKEN} environment variable (which keeps it out of
     * the process list); an empty string when both kinds are given, which the caller refuses.
     */
    private static @Nullable String credential(@Nullable String apiKey, @Nullable String token) {
        String key = apiKey != null ? apiKey : System.getenv(CommandCredential.API_KEY_VARIABLE);
        String bearer = token != null ? token : System.getenv(CommandCredential.TOKEN_VARIABLE);
        key = key == null || key.isBlank() ? null : key.strip();
        bearer = bearer == null || bearer.isBlank() ? null : bearer.strip();
        return key != null && bearer != null && !key.equals(bearer) ? "" : key != null ? key : bearer;
    }

    /** One command ({@code words}), or the interactive shell when {@code shell} is set, against a remote Nexus. */
    private static int runRemote(String url, @Nullable String credential, List<String> words, boolean shell) {
        URI base = NexusUrl.parse(url).orElse(null);
        if (base == null) {
            System.err.println("error: --url " + NexusUrl.RULE + ", was '" + LogSafe.escape(url) + "'");
            return ShellFailure.USAGE;
        }
        if (credential != null && (credential.isEmpty() || !credential.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            System.err.println(credential.isEmpty() ? "error: give an API key (--api-key, KAIZEN_API_KEY) or a token "
                    + "(--token, KAIZEN_TOKEN), not both"
                    : "error: the API key or token must be printable ASCII without spaces");
            return ShellFailure.USAGE;
        }
        if (shell && StandardInput.closedAtLaunch()) {
            return stdinClosed();
        }
        JsonMapper json = JsonMapper.builder().build();
        try (RemoteShellBackend backend = new RemoteShellBackend(base, json, credential)) {
            ShellOperations operations = new ShellOperations(backend, json);
            if (shell) {
                return InteractiveShell.run(operations, " on " + base);
            }
            // Ctrl-C cancels the remote run (its stream closes) and prints the cancelled line.
            OneShotInterrupt.install();
            int code = OneShotCommand.run(operations, words, stdout(), stderr());
            OneShotInterrupt.answered(code);
            return code;
        }
        catch (IOException terminal) {
            System.err.println("error: the shell could not open the terminal: " + terminal.getMessage());
            return ShellFailure.FAILED;
        }
    }

    private static int runLocal(Class<?> application, List<String> springArgs, List<String> words) {
        // Only the result may reach stdout: everything Spring and the app print goes to stderr.
        PrintWriter out = stdout();
        System.setOut(System.err);
        OneShotInterrupt.install();
        try (ConfigurableApplicationContext context = quiet(application, false).run(springArgs.toArray(String[]::new))) {
            int code = OneShotCommand.run(commandsOf(context, application), words, out, stderr());
            OneShotInterrupt.answered(code);
            return code;
        }
    }

    private static int runShell(Class<?> application, List<String> springArgs, boolean serve) {
        if (StandardInput.closedAtLaunch()) {
            return stdinClosed();
        }
        try (ConfigurableApplicationContext context = quiet(application, serve).run(springArgs.toArray(String[]::new))) {
            Nexus nexus = context.getBean(Nexus.class);
            ShellOperations operations = commandsOf(context, application);
            return InteractiveShell.run(operations, nexus.isRunning() ? ", REST and MCP on " + nexus.baseUri() : "");
        }
        catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause(); // the reason, not the bean that carried it
            }
            System.err.println("error: the shell could not start: " + cause.getMessage() + (serve
                    ? " (--server.port=<port> serves on another port; --url <address> --shell attaches to a running app)"
                    : ""));
            return ShellFailure.FAILED;
        }
    }

    /**
     * The application for a command or the shell: no banner, no start-up lines, only warnings
     * logged; without the web server (unless the shell serves too), where the auto-configurations
     * only a server needs are skipped ({@link LeanStartFilter}). Each is a default, so the
     * application's own properties and arguments still win.
     */
    private static SpringApplication quiet(Class<?> application, boolean serve) {
        SpringApplication app = new SpringApplication(application);
        if (!serve) {
            app.setWebApplicationType(WebApplicationType.NONE);
        }
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setDefaultProperties(Map.of("logging.level.root", "WARN", LeanStartFilter.PROPERTY, Boolean.toString(!serve)));
        return app;
    }

    private static ShellOperations commandsOf(ConfigurableApplicationContext context, Class<?> application) {
        // The command's own error line is the report: a server-side failure's log entry (with its
        // stack trace, for operators) would only repeat it on the terminal.
        LoggingSystem.get(application.getClassLoader()).setLogLevel(FailureClassifier.class.getPackageName(),
                LogLevel.OFF);
        return ShellChannel.of(context.getBean(Nexus.class)).operations();
    }

    private static int stdinClosed() {
        System.err.println("error: standard input is closed; the interactive shell reads commands from a terminal,"
                + " a file or a pipe (to run one command, use: nexus run <workflow> ...)");
        return ShellFailure.USAGE;
    }

    /**
     * Removes {@code option value} or {@code option=value} from the arguments.
     *
     * @return the value, or {@code null} when the option is not there
     * @throws IllegalArgumentException when the option is there without a value
     */
    private static @Nullable String take(String option, List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith(option + "=")) {
                args.remove(i);
                return arg.substring(option.length() + 1);
            }
            if (arg.equals(option)) {
                if (i + 1 == args.size() || OneShotCommand.isOption(args.get(i + 1))) {
                    throw new IllegalArgumentException(option + " needs a value, such as " + option
                            + (option.equals(URL) ? " http://127.0.0.1:8000" : " <value>"));
                }
                args.remove(i);
                return args.remove(i);
            }
        }
        return null;
    }

    /**
     * Refuses a word before {@code nexus} that is not an option: Spring Boot would ignore it and
     * start the server, so a mistyped command ({@code nexsu list}, {@code list}) would serve instead.
     */
    private static void refuseStrayWords(List<String> args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                throw new IllegalArgumentException("unexpected argument '" + LogSafe.escape(arg) + "': a command starts"
                        + " with 'nexus' (nexus list, nexus run <name> ...); Spring Boot properties are written"
                        + " --name=value; --help lists the modes");
            }
        }
    }

    private static PrintWriter stdout() {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                true);
    }

    private static PrintWriter stderr() {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
                true);
    }
}
