package dev.tally.control.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Server paths never reach a response; JSON pointers and the user's relative paths do. */
class ServerPathsTests {

    private final ServerPaths paths = new ServerPaths(Path.of("/srv/tally/data"), Path.of("/srv/tally"));

    @Test
    void hidesTheDataDirectoryAndMakesWorkPathsRelative() {
        assertThat(paths.hide("no snapshot x in /srv/tally/data/savepoints/job"))
                .isEqualTo("no snapshot x in <data-dir>/savepoints/job");
        assertThat(paths.hide("file not found: /srv/tally/config/x.csv")).isEqualTo("file not found: config/x.csv");
    }

    @Test
    void hidesOtherAbsolutePathsButKeepsJsonPointers() {
        String tmp = System.getProperty("java.io.tmpdir");
        assertThat(paths.hide("cannot read " + tmp + "/x/y.bin: denied")).isEqualTo("cannot read <path>: denied");
        assertThat(paths.hide("Invalid job spec: /lookups/0/file: file not found"))
                .isEqualTo("Invalid job spec: /lookups/0/file: file not found");
        assertThat(paths.hide("/window/size: must be positive")).isEqualTo("/window/size: must be positive");
        assertThat(paths.hide(null)).isNull();
    }
}
