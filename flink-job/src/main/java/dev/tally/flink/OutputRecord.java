package dev.tally.flink;

/**
 * One record of a job's output (a window result, a late element or a dead letter), as the embedded engine writes
 * it to Kafka: the key, the value bytes and, for dead letters, the reason header. A Flink POJO. Not thread-safe.
 */
public class OutputRecord {

    /** Record key: the result's or element's key; null for none. */
    public String key;
    /** Record value: the result's JSON ({@code ResultJson}), or the original record's bytes. */
    public byte[] value;
    /** A dead letter's reason ({@code tally.reason} header), else null. */
    public String reason;
    /** A dead letter's detail ({@code tally.detail} header), else null. */
    public String detail;

    public OutputRecord() {
    }

    OutputRecord(String key, byte[] value, String reason, String detail) {
        this.key = key;
        this.value = value;
        this.reason = reason;
        this.detail = detail;
    }
}
