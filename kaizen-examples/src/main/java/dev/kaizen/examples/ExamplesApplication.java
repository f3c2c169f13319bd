package dev.kaizen.examples;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.kaizen.core.Kaizen;

/**
 * The example app: a Spring Boot application that deploys the example agents on every channel
 * at start-up and prints how to reach them.
 */
@SpringBootApplication
public class ExamplesApplication {

    /** The one-line banner printed on start. */
    static String banner() {
        return "Kaizen for Java " + Kaizen.version() + " examples (Java " + Runtime.version().feature() + ")";
    }

    /**
     * Starts the app.
     *
     * @param args Spring Boot arguments, such as {@code --server.port=9000}
     */
    public static void main(String[] args) {
        System.out.println(banner());
        SpringApplication.run(ExamplesApplication.class, args);
    }
}
