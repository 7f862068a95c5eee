package dev.tally.engine.spec;

/**
 * A static table read from a CSV file of {@code key,value} lines (the first line is a header).
 *
 * @param name name used in {@code lookup("name", key)}
 * @param file path of the CSV file, relative to the engine's working directory
 */
public record LookupSpec(String name, String file) {
}
