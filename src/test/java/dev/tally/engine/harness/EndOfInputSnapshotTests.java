package dev.tally.engine.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.snapshot.FileSnapshotStore;
import dev.tally.engine.snapshot.SnapshotStore;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A snapshot requested at the very moment a reader reaches the end of its input — after the reader's last look for
 * barriers, before it reports that it finished — must complete and must not keep the job from finishing. Before the
 * fix, the barrier went to a reader that never carried it, so no subtask ever reported the snapshot, the final
 * checkpoint waited behind it forever and the bounded run hung (seen once under load in a CLI run with
 * 50 ms checkpoints).
 */
class EndOfInputSnapshotTests {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "savepoint={0}, parallelism {1}, readers {2}")
    @CsvSource({"false,1,1", "false,2,1", "false,2,2", "true,1,1", "true,3,2"})
    void aSnapshotRequestedAsTheInputEndsCompletesAndTheJobFinishes(boolean savepoint, int parallelism,
            int readers) throws Exception {
        SnapshotStore checkpoints = new FileSnapshotStore(dir.resolve("checkpoints"));
        SnapshotStore savepoints = new FileSnapshotStore(dir.resolve("savepoints"));
        try (Harness h = Harness.of("""
                window: { kind: tumbling, size: 1s }
                checkpoints: { interval: 50s, mode: exactly-once, retain: 2 }
                """).parallelism(parallelism).partitions(2).readers(readers).snapshots(checkpoints, savepoints)) {
            CompletableFuture<String> requested = h.snapshotAtEndOfInput(savepoint);
            h.add(0, "a", 5, 0).add(1, "b", 2, 250).add(0, "a", 6, 1500);
            h.end();
            String id = requested.get(20, TimeUnit.SECONDS);
            assertThat((savepoint ? savepoints : checkpoints).list()).extracting(SnapshotStore.Stored::id).contains(id);
            assertThat(h.lines()).containsExactly("a[0,1000)=5", "b[0,1000)=2", "a[1000,2000)=6");
        }
    }
}
