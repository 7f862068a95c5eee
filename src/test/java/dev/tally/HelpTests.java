package dev.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java -jar tally.jar --help} as a user types it: the main class in a fresh JVM prints the usage of the
 * service and its commands and exits 0, without starting Spring (no banner, no database, no broker).
 */
class HelpTests {

    @TempDir
    Path dir;

    private record Exit(int code, String out) {
    }

    private Exit java(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                TallyApplication.class.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve("out.txt");
        // started in an empty directory: a Spring start would create ./data there
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("did not exit: %s", Files.readString(log)).isTrue();
        return new Exit(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpPrintsTheUsageOfTheServiceAndItsCommandsAndExitsZero(String flag) throws Exception {
        Exit e = java(flag);
        assertThat(e.code()).as(e.out()).isZero();
        assertThat(e.out()).contains("usage: java -jar tally.jar", "run --spec FILE", "--server.port",
                "--tally.data-dir", "--tally.kafka.bootstrap-servers");
        assertThat(e.out()).doesNotContain("Spring", "Exception", "Started TallyApplication");
        assertThat(new File(dir.toFile(), "data")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void runHelpPrintsTheRunUsageAndExitsZero(String flag) throws Exception {
        Exit e = java("run", flag);
        assertThat(e.code()).as(e.out()).isZero();
        assertThat(e.out()).contains("usage: tally run --spec FILE").doesNotContain("unknown argument");
    }
}
