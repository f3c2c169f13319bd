package dev.kaizen.nexus.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import dev.kaizen.nexus.LogSafe;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;

/**
 * Writes an {@link McpError} the MCP transport answers with as the JSON-RPC error the
 * specification names ({@code {"jsonrpc":"2.0","id":null,"error":{"code":...,"message":...}}}),
 * never as a Java exception: the SDK would otherwise serialize the exception itself, stack trace,
 * class names and all. Messages are cut to {@value #MAX_MESSAGE} characters, since some echo
 * what the client sent (a 7 KB session id, say).
 *
 * <p>It also words the SDK's answer to an unknown tool as Kaizen's request guard does
 * ({@link #toolNotFound}): the SDK 2.1 says {@value #SDK_UNKNOWN_TOOL} and puts the name the client
 * sent in {@code data}.
 */
final class McpErrorSerializer extends ValueSerializer<McpError> {

    /** The longest message an error carries. */
    static final int MAX_MESSAGE = 300;

    /** What the MCP SDK 2.1 answers a {@code tools/call} of a tool it does not serve with, whatever its name. */
    static final String SDK_UNKNOWN_TOOL = "Unknown tool: invalid_tool_name";

    /** A fully qualified Java class name, which some SDK messages quote from their parser. */
    private static final Pattern CLASS_NAME = Pattern.compile("`?(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z][\\w$]*`?");

    /**
     * @param json the application's mapper
     * @return the same mapper, writing MCP errors as JSON-RPC errors
     */
    static JsonMapper install(JsonMapper json) {
        return json.rebuild().addModule(new SimpleModule("kaizen-mcp-errors")
                .addSerializer(McpError.class, new McpErrorSerializer())
                .addSerializer(JSONRPCError.class, new ToolNamed())).build();
    }

    @Override
    public void serialize(McpError error, JsonGenerator out, SerializationContext context) {
        JSONRPCError rpc = error.getJsonRpcError();
        int code = rpc == null ? McpSchema.ErrorCodes.INTERNAL_ERROR : rpc.code();
        String message = rpc == null || rpc.message() == null ? "internal error" : rpc.message();
        out.writePOJO(body(null, code, plain(message)));
    }

    /**
     * @param message an error message that may quote Java class names or echo a long value
     * @return it with class names replaced and cut to {@value #MAX_MESSAGE} characters
     */
    static String plain(String message) {
        String plain = CLASS_NAME.matcher(message).replaceAll("a JSON-RPC message");
        return plain.length() > MAX_MESSAGE ? plain.substring(0, MAX_MESSAGE) + "..." : plain;
    }

    /**
     * The one wording of the JSON-RPC error ({@code -32602}) for a tool that a caller cannot call:
     * not deployed, or hidden from it by its scopes (the two must not be told apart).
     *
     * @param name the tool name the client sent
     * @return the message, naming the tool (control characters escaped, cut to
     *     {@value LogSafe#MAX_LENGTH} characters)
     */
    static String toolNotFound(String name) {
        return "Tool not found: " + LogSafe.escape(name);
    }

    /** A JSON-RPC error as the SDK has it, with its unknown-tool answer naming the tool. */
    private static final class ToolNamed extends ValueSerializer<JSONRPCError> {

        @Override
        public void serialize(JSONRPCError error, JsonGenerator out, SerializationContext context) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", error.code());
            if (SDK_UNKNOWN_TOOL.equals(error.message()) && error.data() instanceof String sent
                    && sent.startsWith("Tool not found: ")) {
                body.put("message", toolNotFound(sent.substring("Tool not found: ".length())));
            }
            else {
                body.put("message", error.message());
                if (error.data() != null) {
                    body.put("data", error.data());
                }
            }
            out.writePOJO(body);
        }
    }

    /**
     * @param id the id of the request the error answers, or {@code null}
     * @param code the JSON-RPC error code
     * @param message what is wrong
     * @return the JSON-RPC error response, as every MCP error Kaizen writes has it
     */
    static Map<String, Object> body(@Nullable Object id, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.put("id", id);
        body.put("error", error);
        return body;
    }
}
