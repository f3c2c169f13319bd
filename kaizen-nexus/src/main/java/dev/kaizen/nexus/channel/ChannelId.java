package dev.kaizen.nexus.channel;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The open identity of a channel: {@code api}, {@code cli}, {@code mcp}, or any id a new channel
 * chooses. It names the channel in addresses ({@link dev.kaizen.nexus.ChannelEndpoints}), in
 * timings (the operation {@code <id>} and {@code <id>_overhead}) and in session records.
 *
 * @param value 1 to 32 characters: a lower-case letter, then lower-case letters, digits, {@code _}
 *     or {@code -}
 */
public record ChannelId(String value) implements Comparable<ChannelId> {

    private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    /** REST: {@code POST {prefix}/{name}/execute}. */
    public static final ChannelId API = new ChannelId("api");

    /** The shell: {@code nexus run {name} --field value}. */
    public static final ChannelId CLI = new ChannelId("cli");

    /** MCP: a tool named {@code {name}}. */
    public static final ChannelId MCP = new ChannelId("mcp");

    /** Checks the rule. */
    public ChannelId {
        Objects.requireNonNull(value, "channel id");
        if (!RULE.matcher(value).matches()) {
            throw new IllegalArgumentException("channel id '" + value + "' is invalid: use 1 to 32 characters, "
                    + "a lower-case letter first, then lower-case letters, digits, '_' or '-'");
        }
    }

    /**
     * @param value the id, see the rule above
     * @return the channel id
     */
    public static ChannelId of(String value) {
        return new ChannelId(value);
    }

    @Override
    public int compareTo(ChannelId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
