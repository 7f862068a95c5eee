package dev.tally.control.catalog;

import java.util.Arrays;
import java.util.Locale;

/** The catalog listing's filters, parsed from request parameters; a bad value names its parameter. Stateless. */
final class CatalogFilters {

    private static final String CHECKPOINT = "CHECKPOINT";

    private CatalogFilters() {
    }

    /** The manifest kind a {@code kind} filter selects: SAVEPOINT (the default), CHECKPOINT, or null for all. */
    static String kind(String text) {
        String k = text == null ? "savepoint" : text.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "savepoint", "savepoints" -> "SAVEPOINT";
            case "checkpoint", "checkpoints" -> CHECKPOINT;
            case "all" -> null;
            default -> throw new IllegalArgumentException("kind: must be savepoint, checkpoint or all, not '" + text
                    + "'");
        };
    }

    /**
     * The status a {@code status} filter selects.
     *
     * @throws IllegalArgumentException "status: ..." when it is not a {@link SavepointStatus}
     */
    static SavepointStatus status(String text) {
        try {
            return SavepointStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status: must be one of " + Arrays.toString(SavepointStatus.values()));
        }
    }
}
