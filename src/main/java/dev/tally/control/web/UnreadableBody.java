package dev.tally.control.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says what is wrong with a request body that Jackson could not read, in the API's words: the field's path and
 * the kind of value it takes ({@code gate.checkpoints: expected a whole number}), never Jackson's own message,
 * which names Java types ({@code java.lang.Integer}, the request's record class).
 */
public final class UnreadableBody {

    private UnreadableBody() {
    }

    /**
     * The detail of a 400 for {@code e}: {@code <field path>: expected <kind of value>} when Jackson knows the
     * field, {@code body: not valid JSON (line L, column C)} for a syntax error, else
     * {@code body: not a valid JSON object}.
     */
    public static String detail(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof DatabindException d && !d.getPath().isEmpty()) {
            String field = d.getPath().stream().map(r -> r.getPropertyName() == null ? "[" + r.getIndex() + "]"
                    : r.getPropertyName()).collect(Collectors.joining("."));
            Class<?> type = d instanceof MismatchedInputException m ? m.getTargetType() : null;
            return field + ": " + (type == null ? "not a valid value" : "expected " + kind(type));
        }
        if (cause instanceof JacksonException j && !(cause instanceof DatabindException) && j.getLocation() != null
                && j.getLocation().getLineNr() > 0) {
            return "body: not valid JSON (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ")";
        }
        return "body: not a valid JSON object";
    }

    /** The kind of JSON value a Java type takes, in words. */
    static String kind(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase()
                    .replace('_', '-')).toList();
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }
}
