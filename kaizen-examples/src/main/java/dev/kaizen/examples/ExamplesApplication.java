package dev.kaizen.examples;

import dev.kaizen.core.Kaizen;

/**
 * The example app: deploys example agents on every channel.
 *
 * <p>For now it announces itself and exits; the channels arrive with the Nexus.
 */
public final class ExamplesApplication {

    /** The one-line banner printed on start. */
    static String banner() {
        return "Kaizen for Java " + Kaizen.version() + " examples (Java " + Runtime.version().feature() + ")";
    }

    private ExamplesApplication() {
    }

    /**
     * Prints the banner and exits.
     *
     * @param args ignored for now
     */
    public static void main(String[] args) {
        System.out.println(banner());
    }
}
