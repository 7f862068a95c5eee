package dev.tally.control.web;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A 400 problem detail that names the field machine-readably, in the shape invalid job specs already use: besides
 * {@code detail} ({@code "gate.timeout: not a duration: soon"}), an {@code errors} array of
 * {@code {pointer, field, message}} — {@code pointer} the JSON pointer of the field in the request body
 * ({@code /gate/timeout}; {@code ""} for the body as a whole), {@code field} its name as the detail says it
 * ({@code gate.timeout}; for a query parameter, the parameter's name), {@code message} what is wrong with it.
 * A detail that does not start with {@code name: } gets no {@code errors}. Stateless.
 */
public final class FieldProblem {

    /** {@code field: message}, the field a name with dots and [index] parts. */
    private static final Pattern FIELD = Pattern.compile("(?s)([A-Za-z][\\w]*(?:(?:\\.[A-Za-z_][\\w]*)|\\[\\d+])*): (.*)");

    private FieldProblem() {
    }

    /**
     * A 400 "Bad request" problem with {@code detail}, and the {@code errors} property when the detail names a
     * field.
     *
     * @param detail what is wrong, as {@code field: message} (already free of server paths)
     */
    public static ProblemDetail badRequest(String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        p.setTitle("Bad request");
        Matcher m = detail == null ? null : FIELD.matcher(detail);
        if (m != null && m.matches()) {
            p.setProperty("errors", List.of(Map.of("pointer", pointer(m.group(1)), "field", m.group(1),
                    "message", m.group(2))));
        }
        return p;
    }

    /** The JSON pointer of a field named as in a detail: {@code gate.timeout} → {@code /gate/timeout}, body → "". */
    static String pointer(String field) {
        if (field.equals("body")) {
            return "";
        }
        return "/" + field.replace("[", ".").replace("]", "").replace("~", "~0").replace("/", "~1")
                .replace('.', '/');
    }
}
