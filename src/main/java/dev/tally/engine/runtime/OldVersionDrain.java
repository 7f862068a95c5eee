package dev.tally.engine.runtime;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.io.kafka.KafkaSinks;
import dev.tally.engine.io.kafka.ResultJson;
import dev.tally.engine.snapshot.SnapshotException;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.window.WindowOperator;
import dev.tally.engine.window.WindowOperators;
import dev.tally.engine.window.WindowOutput;
import dev.tally.engine.window.WindowResult;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Policy {@code drain-first}: fires every window of a snapshot with the spec of the version that took it
 * (watermark +∞) into that version's outputs (its Kafka result topics and the run's listeners), so the new
 * version can start with empty windows without losing what the old one had counted.
 */
final class OldVersionDrain {

    private OldVersionDrain() {
    }

    static void run(RestorePlan restore, EngineConfig config, List<Consumer<WindowResult>> listeners) {
        JobSpec old = restore.oldSpec();
        JobPlan plan = JobPlan.compile(old, config.workDir());
        try (KafkaSinks kafka = KafkaSinks.any(old.sinks()) ? new KafkaSinks(Sources.bootstrap(old, config),
                "tally-drain-" + old.name(), old.sinks(), new ResultJson(old.aggregateNames(), plan.aggregates)) : null) {
            WindowOutput out = new WindowOutput() {
                @Override
                public void result(WindowResult r) {
                    listeners.forEach(l -> l.accept(r));
                    if (kafka != null) {
                        kafka.result(r);
                    }
                }

                @Override
                public void late(String key, long ts, byte[] raw) {
                }
            };
            WindowOperator op = WindowOperators.create(old, plan.aggregates, plan.stride, plan.deltaColumn, out);
            op.restoreTime(restore.snapshot().manifest().watermark(), restore.snapshot().manifest().clock());
            for (byte[] group : restore.allGroups()) {
                op.restore(new dev.tally.engine.snapshot.BytesInput(group));
            }
            op.restored();
            op.watermark(Long.MAX_VALUE);
            op.endOfInput();
            if (kafka != null) {
                kafka.flush();
            }
        } catch (IOException e) {
            throw new SnapshotException("cannot drain the old version's windows: " + e.getMessage(), e);
        }
    }
}
