package dev.tally.engine.spec;

/**
 * A valid spec with its canonical JSON (keys sorted) and the SHA-256 of that JSON, which identifies a version.
 *
 * @param spec          the spec
 * @param canonicalJson the spec as JSON with sorted keys
 * @param hash          hex SHA-256 of {@code canonicalJson}
 */
public record ParsedSpec(JobSpec spec, String canonicalJson, String hash) {
}
