package dev.kaizen.nexus;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application context a standalone {@link Nexus} runs in: Spring Boot's auto-configuration
 * (web server, JSON) plus Kaizen's own, around the Nexus instance the user built.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class StandaloneNexusApplication {
}
