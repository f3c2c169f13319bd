package dev.kaizen.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this build of Kaizen for Java. */
public final class Kaizen {

    private static final String VERSION = readVersion();

    private Kaizen() {
    }

    /**
     * @return the version of kaizen-core on the class path, such as {@code 0.1.0}
     */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = Kaizen.class.getResourceAsStream("kaizen-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read Kaizen's version resource", e);
        }
    }
}
