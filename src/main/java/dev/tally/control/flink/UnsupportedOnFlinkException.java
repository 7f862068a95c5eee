package dev.tally.control.flink;

import dev.tally.control.web.ConflictException;
import dev.tally.engine.spec.FlinkCompatibility;
import java.util.stream.Collectors;

/** A spec version with features Flink cannot run; answered with 409 naming them, with the whole report. */
public class UnsupportedOnFlinkException extends ConflictException {

    private final transient FlinkCompatibility.Report report;

    /** @param report the version's compatibility report (with at least one UNSUPPORTED feature) */
    public UnsupportedOnFlinkException(String job, int version, FlinkCompatibility.Report report) {
        super("version " + version + " of job '" + job + "' cannot run on Flink: " + report.unsupported().stream()
                .map(f -> f.pointer() + " (" + f.feature() + "): " + f.note()).collect(Collectors.joining("; ")));
        this.report = report;
    }

    /** The compatibility report. */
    public FlinkCompatibility.Report report() {
        return report;
    }
}
