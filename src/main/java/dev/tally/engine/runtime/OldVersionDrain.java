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

/**
 * Policy {@code drain-first}: fires every window of a snapshot with the spec of the version that took it
 * (watermark +∞) into every output the job has: the old version's Kafka result topics (with its aggregate names),
 * the new run's result table and listeners, and its {@code resultsEmitted} counter. So the new version can start
 * with empty windows without losing what the old one had counted. Runs on the thread that builds the job,
 * before any of its threads start.
 */
final class OldVersionDrain {

    private OldVersionDrain() {
    }

    /**
     * @param newAggregates the new version's aggregate names: drained values go to the result table in their
     *                      order (NaN for an aggregate the old version did not have), as the table's readers
     *                      expect the running spec's layout
     */
    static void run(RestorePlan restore, EngineConfig config, JobOutputs outputs, List<String> newAggregates) {
        JobSpec old = restore.oldSpec();
        int[] columns = columns(old.aggregateNames(), newAggregates);
        JobPlan plan = JobPlan.compile(old, config);
        try (KafkaSinks kafka = KafkaSinks.any(old.sinks()) ? new KafkaSinks(SpecConfinement.bootstrap(old, config),
                "tally-drain-" + old.name(), old.sinks(), new ResultJson(old.aggregateNames(), plan.aggregates),
                restore.snapshot().manifest().jobVersion()) : null) {
            WindowOutput out = new WindowOutput() {
                @Override
                public void result(WindowResult r) {
                    outputs.drained(relayout(r, columns));
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

    /** For each new aggregate, the index of the old aggregate of that name, or -1. */
    private static int[] columns(List<String> old, List<String> neu) {
        int[] out = new int[neu.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = old.indexOf(neu.get(i));
        }
        return out;
    }

    private static WindowResult relayout(WindowResult r, int[] columns) {
        Number[] values = new Number[columns.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = columns[i] < 0 || columns[i] >= r.values().size() ? null : r.values().number(columns[i]);
        }
        return new WindowResult(r.key(), r.start(), r.end(), dev.tally.engine.aggregate.ResultValues.of(values),
                r.firing(), r.revision(), r.replaces());
    }
}
