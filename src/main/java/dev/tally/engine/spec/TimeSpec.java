package dev.tally.engine.spec;

import java.time.Duration;

/**
 * Which time windows use and how watermarks are generated.
 *
 * @param mode            event, processing or ingestion time
 * @param field           field holding the event time (event time only)
 * @param format          how that field is written
 * @param outOfOrderness  bounded out-of-orderness d: watermark = max timestamp seen − d − 1
 * @param idleTimeout     a partition silent this long stops holding the watermark back; {@code null} = never
 * @param emission        when watermarks are updated; {@code null} = per record for bounded sources, else periodic
 * @param interval        period of {@link Emission#PERIODIC} emission
 */
public record TimeSpec(
        Mode mode, String field, Format format, Duration outOfOrderness, Duration idleTimeout,
        Emission emission, Duration interval) {

    /** The notion of time. */
    public enum Mode {
        /** Time written in the event. */
        EVENT,
        /** The clock of the machine when the element is processed. */
        PROCESSING,
        /** The clock at the source, then treated as event time. */
        INGESTION
    }

    /** How the event-time field is written. */
    public enum Format {
        /** Milliseconds since the epoch, as a number or a string of digits. */
        EPOCH_MILLIS,
        /** An ISO-8601 instant such as {@code 2024-01-01T15:59:59.999Z}. */
        ISO_8601
    }

    /** When watermarks are updated. */
    public enum Emission {
        /** Every {@code interval} of processing time. */
        PERIODIC,
        /** After every record; the record is judged against the watermark before it. */
        PER_RECORD
    }
}
