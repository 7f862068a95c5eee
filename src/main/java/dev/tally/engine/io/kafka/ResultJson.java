package dev.tally.engine.io.kafka;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.window.Window;
import dev.tally.engine.window.WindowResult;
import java.util.List;

/**
 * Writes a window result as one JSON object: key, windowStart, windowEnd, timestamp (end − 1), values by
 * aggregate name (integers exactly, in full; decimals as {@link Double#toString(double)}; null for no value, see
 * {@link ResultValues#text}), firing, revision and, after session merges, replaces. Immutable and thread-safe.
 */
public final class ResultJson {

    private final List<String> names;

    /** @param aggregates the job's aggregates, in the order of {@code names} */
    public ResultJson(List<String> names, Aggregates aggregates) {
        if (names.size() != aggregates.count()) {
            throw new IllegalArgumentException(names.size() + " names for " + aggregates.count() + " aggregates");
        }
        this.names = names;
    }

    public String encode(WindowResult r) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"key\":");
        string(sb, r.key());
        sb.append(",\"windowStart\":").append(r.start()).append(",\"windowEnd\":").append(r.end())
                .append(",\"timestamp\":").append(r.timestamp()).append(",\"values\":{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, names.get(i));
            sb.append(':').append(number(r.values(), i));
        }
        sb.append("},\"firing\":\"").append(r.firing()).append("\",\"revision\":").append(r.revision());
        if (!r.replaces().isEmpty()) {
            sb.append(",\"replaces\":[");
            for (int i = 0; i < r.replaces().size(); i++) {
                Window w = r.replaces().get(i);
                sb.append(i > 0 ? "," : "").append("{\"windowStart\":").append(w.start()).append(",\"windowEnd\":")
                        .append(w.end()).append('}');
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    /** Value {@code i} as JSON text: {@link ResultValues#text}, {@code null} for no value. */
    public static String number(ResultValues values, int i) {
        String text = values.text(i);
        return text == null ? "null" : text;
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
