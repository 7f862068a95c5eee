package dev.tally.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the whole application on a random port with its embedded Kafka broker on a free loopback port and a
 * fresh data directory, without the demo generator or start-up jobs, and with the known admin password
 * {@link Api#ADMIN_PASSWORD} ({@code new Api(port)} signs in with it). Tests that extend this share one
 * application (Spring caches the context) and use their own topics and job names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tally.kafka.embedded-port=0", "tally.demo.enabled=false", "tally.jobs-dir=target/no-jobs",
        "server.address=127.0.0.1", "tally.security.admin-password=" + Api.ADMIN_PASSWORD})
abstract class EndToEndSupport {

    private static final Path DATA;

    static {
        try {
            Files.createDirectories(Path.of("target"));
            DATA = Files.createTempDirectory(Path.of("target"), "e2e-data-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("tally.data-dir", () -> DATA.toAbsolutePath().toString());
    }

    /**
     * Lets a {@code frontend/e2e} script started by {@code node} sign in through the dashboard's sign-in page as
     * the admin ({@code TALLY_USER}, {@code TALLY_PASSWORD}, read by {@code e2e/browser.mjs}).
     */
    static ProcessBuilder signedIn(ProcessBuilder node) {
        node.environment().put("TALLY_USER", Api.ADMIN);
        node.environment().put("TALLY_PASSWORD", Api.ADMIN_PASSWORD);
        return node;
    }
}
