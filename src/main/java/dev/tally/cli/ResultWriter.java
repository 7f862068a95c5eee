package dev.tally.cli;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.io.kafka.ResultJson;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.window.WindowResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes results as CSV ({@code window_start,window_end,key,<aggregates...>,firing,revision}; values as
 * {@link dev.tally.engine.aggregate.ResultValues#text}, empty for no value) or JSON lines ({@link ResultJson}).
 */
final class ResultWriter {

    private final JobSpec spec;

    ResultWriter(JobSpec spec) {
        this.spec = spec;
    }

    void csv(List<WindowResult> results, Writer out) throws IOException {
        out.write("window_start,window_end,key");
        for (String name : spec.aggregateNames()) {
            out.write(',');
            out.write(name);
        }
        out.write(",firing,revision\n");
        StringBuilder sb = new StringBuilder();
        for (WindowResult r : results) {
            sb.setLength(0);
            sb.append(r.start()).append(',').append(r.end()).append(',').append(csvField(r.key()));
            for (int i = 0; i < r.values().size(); i++) {
                String v = r.values().text(i);
                sb.append(',').append(v == null ? "" : v);
            }
            sb.append(',').append(r.firing()).append(',').append(r.revision()).append('\n');
            out.write(sb.toString());
        }
    }

    void jsonLines(List<WindowResult> results, Writer out) throws IOException {
        ResultJson json = new ResultJson(spec.aggregateNames(), new Aggregates(spec.aggregates()));
        for (WindowResult r : results) {
            out.write(json.encode(r));
            out.write('\n');
        }
    }

    private static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
