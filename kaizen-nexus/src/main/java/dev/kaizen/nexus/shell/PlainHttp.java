package dev.kaizen.nexus.shell;

import java.security.GeneralSecurityException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A TLS context for an HTTP client that only ever speaks plain HTTP. Java's client asks for a TLS
 * context when it is built; the default one reads and parses the JDK's trust store, while this one
 * has no keys and trusts nothing, so it costs nothing and could not complete a handshake anyway.
 */
final class PlainHttp {

    static final SSLContext CONTEXT = idleContext();

    private PlainHttp() {
    }

    private static SSLContext idleContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[0], new TrustManager[0], null);
            return context;
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no TLS implementation", e);
        }
    }
}
