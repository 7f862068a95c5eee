package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Through the API, a spec reads no file outside the service's lookup directory ({@code tally.work-dir}) and reaches
 * no Kafka cluster but the service's: each attempt is refused with a problem detail naming the field, and creates
 * no job.
 */
class ConfinementEndToEndTests extends EndToEndSupport {

    @LocalServerPort
    int port;

    private void refused(String name, String spec, String pointer, String message) {
        SpecRefusals.refused(new Api(port), name, spec, pointer, message);
    }

    private static String lookup(String name, String file) {
        return KnownEvents.spec(name, name).replace("config/campaigns.csv", "\"" + file + "\"");
    }

    @Test
    void lookupPathsOutsideTheLookupDirectoryAreRefused() throws Exception {
        refused("e2e-dotdot", lookup("e2e-dotdot", "../../../../etc/passwd"), "/lookups/0/file", "'..'");
        refused("e2e-absolute", lookup("e2e-absolute", "/etc/passwd"), "/lookups/0/file", "absolute");
        Path link = Path.of("target").resolve("passwd-link-" + System.nanoTime() + ".csv");
        Files.createSymbolicLink(link, Path.of("/etc/passwd"));
        refused("e2e-symlink", lookup("e2e-symlink", "target/" + link.getFileName()), "/lookups/0/file",
                "symbolic link");
    }

    @Test
    void fileSourcesOutsideTheLookupDirectoryAreRefused() {
        String spec = KnownEvents.spec("e2e-file-out", "e2e-file-out").replace(
                "source: { kind: kafka, topic: e2e-file-out, startFrom: earliest }",
                "source: { kind: file, path: /etc/hostname }");
        refused("e2e-file-out", spec, "/source/path", "absolute");
    }

    @Test
    void noKafkaClusterButTheServicesOwn() {
        String spec = KnownEvents.spec("e2e-other-kafka", "e2e-other-kafka").replace(
                "startFrom: earliest }", "startFrom: earliest, bootstrapServers: '192.0.2.1:9092' }");
        refused("e2e-other-kafka", spec, "/source/bootstrapServers", "no other network address");
    }
}
