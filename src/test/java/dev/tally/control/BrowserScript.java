package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a {@code frontend/e2e/<script>.e2e.mjs} browser script against the application on {@code port}. */
final class BrowserScript {

    private BrowserScript() {
    }

    /** {@link #run(int, String, Map, Duration)} with at most 180 s. */
    static String run(int port, String script, Map<String, String> env) throws Exception {
        return run(port, script, env, Duration.ofSeconds(180));
    }

    /**
     * Runs the script, signed in as the admin, with TALLY_URL, TALLY_SCREENSHOTS = target/ and then {@code env}
     * (which may replace them), and returns its output; fails when it does not end within {@code timeout} or exits
     * non-zero.
     */
    static String run(int port, String script, Map<String, String> env, Duration timeout) throws Exception {
        Path log = Path.of("target", script + "-e2e.log");
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/" + script + ".e2e.mjs").directory(new File("frontend"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TALLY_URL", "http://127.0.0.1:" + port + "/");
        pb.environment().put("TALLY_SCREENSHOTS", Path.of("target").toAbsolutePath().toString());
        pb.environment().putAll(env);
        Process node = EndToEndSupport.signedIn(pb).start();
        boolean ended = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as("browser test timed out: %s", output).isTrue();
        assertThat(node.exitValue()).as("browser test output: %s", output).isZero();
        return output;
    }
}
