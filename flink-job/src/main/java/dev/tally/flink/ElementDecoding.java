package dev.tally.flink;

import dev.tally.engine.io.decode.DeadLetterReason;
import dev.tally.engine.runtime.ElementExtractor;
import dev.tally.engine.runtime.JobPlan;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.spec.SpecJson;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Turns a record's bytes into a {@link TallyElement} with the embedded engine's own code
 * ({@link ElementExtractor}): the same decoding, time, filter, key and inputs, and the same dead-letter reasons.
 * Serializable (it carries the spec as JSON and compiles it on first use in the task). Not thread-safe: one per
 * source reader.
 */
final class ElementDecoding implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The engine's default record size limit (see {@code EngineConfig}). */
    static final int MAX_RECORD_BYTES = 1 << 20;

    private final String specJson;
    private final String workDir;
    private transient ElementExtractor extractor;
    private transient boolean keepRaw;

    /** @param workDir where lookup files are read from, on every TaskManager */
    ElementDecoding(JobSpec spec, String workDir) {
        this.specJson = SpecJson.write(spec);
        this.workDir = workDir;
    }

    /** The element for one record; never throws for a bad record (that is a dead letter). */
    TallyElement decode(byte[] value) {
        if (extractor == null) {
            JobSpec spec = SpecJson.read(specJson);
            extractor = new ElementExtractor(JobPlan.compile(spec, Path.of(workDir)), MAX_RECORD_BYTES);
            keepRaw = spec.hasOutput(SinkSpec.Output.LATE) || spec.hasOutput(SinkSpec.Output.DEAD_LETTERS);
        }
        TallyElement e = new TallyElement();
        e.timestamp = Long.MIN_VALUE;
        e.kind = TallyElement.UNTIMED_DEAD_LETTER;
        try {
            DeadLetterReason reason = extractor.decode(value, System.currentTimeMillis());
            if (reason != null) {
                e.reason = reason.name();
            } else {
                e.timestamp = extractor.timestamp();
                e.kind = TallyElement.DEAD_LETTER;
                e.key = extractor.select();
                if (e.key != null) {
                    e.kind = TallyElement.COUNTED;
                    e.inputs = extractor.inputs().clone();
                } else if (extractor.filtered()) {
                    e.kind = TallyElement.FILTERED;
                } else {
                    e.reason = DeadLetterReason.MISSING_KEY.name();
                }
            }
        } catch (RuntimeException ex) { // as in the engine: one record never fails the job
            e.key = null;
            e.inputs = null;
            e.reason = DeadLetterReason.RECORD_ERROR.name();
            String detail = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
            e.detail = detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        }
        if (keepRaw && e.kind != TallyElement.FILTERED) {
            e.raw = value;
        }
        return e;
    }
}
