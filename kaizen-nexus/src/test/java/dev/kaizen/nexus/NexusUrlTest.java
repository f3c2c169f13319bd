package dev.kaizen.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class NexusUrlTest {

    @Test
    void onlyHttpAddressesWithAHostAreTaken() {
        assertThat(NexusUrl.parse("http://127.0.0.1:8000")).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(NexusUrl.parse(" https://agents.example.com/base ")).isPresent();
        for (String bad : List.of("", "not a url", "ftp://127.0.0.1", "http://", "127.0.0.1:8000", "http:/x",
                "http://h:8000/?q=1", "mailto:a@b", "http://[::1")) {
            assertThat(NexusUrl.parse(bad)).as("'%s'", bad).isEmpty();
        }
    }
}
