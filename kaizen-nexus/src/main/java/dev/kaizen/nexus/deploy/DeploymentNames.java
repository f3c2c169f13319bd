package dev.kaizen.nexus.deploy;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** The rule for deployment names, which appear in URLs, shell commands and MCP tool names. */
public final class DeploymentNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private DeploymentNames() {
    }

    /**
     * @param name a candidate name
     * @return whether it is 1 to 64 characters of {@code [A-Za-z0-9_-]} starting with a letter
     */
    public static boolean isValid(@Nullable String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /**
     * @param name a candidate name
     * @return the name
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException naming it if it breaks the rule
     */
    public static String requireValid(@Nullable String name) {
        if (name == null) {
            throw new NullPointerException("name must not be null");
        }
        if (!isValid(name)) {
            throw new IllegalArgumentException("deployment name '" + name + "' is invalid: use 1 to 64 letters, "
                    + "digits, '_' or '-', starting with a letter");
        }
        return name;
    }
}
