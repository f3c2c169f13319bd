package dev.kaizen.benchmarks.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reference for start-up figures: a bare Spring Boot web app with one controller and nothing
 * of Kaizen, launched the usual way ({@code java -jar benchmarks/bare-boot/target/bare-boot.jar}, its
 * fat jar, with no JVM options). {@code benchmarks/load/startup.py} times it from launch to its
 * first answer to {@code POST /api/echo}, and judges Kaizen's own starts against that figure.
 */
@SpringBootApplication
public class BareBootApplication {

    public static void main(String[] args) {
        SpringApplication.run(BareBootApplication.class, args);
    }

    /** The JSON body of the request and of the answer: {@code {"text": "..."}}. */
    public record Text(String text) {
    }

    /** The one controller: answers the text it is given. */
    @RestController
    static class EchoController {

        @PostMapping("/api/echo")
        Text echo(@RequestBody Text body) {
            return new Text(body.text());
        }
    }
}
