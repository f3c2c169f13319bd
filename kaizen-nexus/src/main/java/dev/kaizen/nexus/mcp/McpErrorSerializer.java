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

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Writes an {@link McpError} the MCP transport answers with as the JSON-RPC error the
 * specification names ({@code {"jsonrpc":"2.0","id":null,"error":{"code":...,"message":...}}}),
 * never as a Java exception: the SDK would otherwise serialize the exception itself, stack trace,
 * class names and all. Messages are cut to {@value #MAX_MESSAGE} characters, since some echo
 * what the client sent (a 7 KB session id, say).
 */
final class McpErrorSerializer extends ValueSerializer<McpError> {

    /** The longest message an error carries. */
    static final int MAX_MESSAGE = 300;

    /** A fully qualified Java class name, which some SDK messages quote from their parser. */
    private static final Pattern CLASS_NAME = Pattern.compile("`?(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z][\\w$]*`?");

    /**
     * @param json the application's mapper
     * @return the same mapper, writing MCP errors as JSON-RPC errors
     */
    static JsonMapper install(JsonMapper json) {
        return json.rebuild().addModule(new SimpleModule("kaizen-mcp-errors")
                .addSerializer(McpError.class, new McpErrorSerializer())).build();
    }

    @Override
    public void serialize(McpError error, JsonGenerator out, SerializationContext context) {
        McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
        int code = rpc == null ? McpSchema.ErrorCodes.INTERNAL_ERROR : rpc.code();
        String message = rpc == null || rpc.message() == null ? "internal error" : rpc.message();
        String plain = CLASS_NAME.matcher(message).replaceAll("a JSON-RPC message");
        out.writePOJO(body(null, code, plain.length() > MAX_MESSAGE ? plain.substring(0, MAX_MESSAGE) + "..." : plain));
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
