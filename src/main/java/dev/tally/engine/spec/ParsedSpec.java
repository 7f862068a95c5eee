package dev.tally.engine.spec;

/**
 * A valid spec with its canonical JSON (keys sorted) and the SHA-256 of that JSON, which identifies a version.
 *
 * @param spec          the spec
 * @param canonicalJson the spec as JSON with sorted keys
 * @param hash          hex SHA-256 of {@code canonicalJson}
 * @param warnings      valid but probably unintended choices, for example a trigger that never emits some data
 */
public record ParsedSpec(JobSpec spec, String canonicalJson, String hash, java.util.List<SpecError> warnings) {
}
