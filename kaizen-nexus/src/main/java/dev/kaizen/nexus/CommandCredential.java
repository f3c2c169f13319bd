package dev.kaizen.nexus;

import dev.kaizen.nexus.security.SecuritySettings;

/**
 * The credential a command printed for copying sends to a Nexus that requires one: a placeholder
 * that the user's shell fills in from an environment variable, never a key itself. The names are
 * those the remote shell reads ({@code --url ... nexus run ...}): {@value #API_KEY_VARIABLE} and
 * {@value #TOKEN_VARIABLE}, or its {@code --api-key} and {@code --token} options.
 */
public enum CommandCredential {

    /** The Nexus requires no credentials: commands send none. */
    NONE("", ""),

    /** An API key, in the {@code X-API-Key} header; {@code --api-key} for the remote shell. */
    API_KEY(" -H \"X-API-Key: $" + CommandCredential.API_KEY_VARIABLE + "\"",
            " --api-key \"$" + CommandCredential.API_KEY_VARIABLE + "\""),

    /** A bearer token (a JWT), in the {@code Authorization} header; {@code --token} for the remote shell. */
    TOKEN(" -H \"Authorization: Bearer $" + CommandCredential.TOKEN_VARIABLE + "\"",
            " --token \"$" + CommandCredential.TOKEN_VARIABLE + "\"");

    /** The environment variable the remote shell reads an API key from. */
    public static final String API_KEY_VARIABLE = "KAIZEN_API_KEY";

    /** The environment variable the remote shell reads a bearer token from. */
    public static final String TOKEN_VARIABLE = "KAIZEN_TOKEN";

    /** The remote shell's option that sends an API key. */
    public static final String API_KEY_OPTION = "--api-key";

    /** The remote shell's option that sends a bearer token. */
    public static final String TOKEN_OPTION = "--token";

    private final String curlHeader;

    private final String shellOption;

    CommandCredential(String curlHeader, String shellOption) {
        this.curlHeader = curlHeader;
        this.shellOption = shellOption;
    }

    /**
     * @param security what the Nexus requires
     * @return an API key when API keys are configured, else a bearer token when tokens are
     *     verified, else none
     */
    public static CommandCredential of(SecuritySettings security) {
        if (!security.apiKeys().isEmpty()) {
            return API_KEY;
        }
        return security.tokenDecoder().isPresent() ? TOKEN : NONE;
    }

    /**
     * @return the curl option that sends the credential, with a leading space, such as
     *     {@code  -H "X-API-Key: $KAIZEN_API_KEY"}; empty for {@link #NONE}
     */
    public String curlHeader() {
        return curlHeader;
    }

    /**
     * @return the remote shell's option that sends the credential, with a leading space, such as
     *     {@code  --api-key "$KAIZEN_API_KEY"}; empty for {@link #NONE}
     */
    public String shellOption() {
        return shellOption;
    }
}
