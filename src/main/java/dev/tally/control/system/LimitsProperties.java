package dev.tally.control.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code tally.limits.*}: how much hostile or careless input the service accepts. A request over
 * {@code maxRequestBytes} is answered 413; a spec or query over another limit 400, each a problem detail naming
 * the field (a JSON pointer into the spec, or the query parameter).
 *
 * @param maxRequestBytes     largest request body of any endpoint (default 1MB)
 * @param maxSpecBytes        largest job spec, in UTF-8 bytes as submitted (default 256KB)
 * @param maxExpressionLength longest expression (filter, key, aggregate or evictor field), in characters
 * @param maxExpressionDepth  deepest expression syntax tree (see {@code Expression.depth()}; at most 256)
 * @param maxListItems        most entries of each list in a spec: aggregates, lookups, sinks
 * @param maxKeysPerQuery     most keys one state query returns ({@code limit} of a savepoint's state)
 */
@ConfigurationProperties("tally.limits")
public record LimitsProperties(@DefaultValue("1MB") DataSize maxRequestBytes,
        @DefaultValue("256KB") DataSize maxSpecBytes, @DefaultValue("2000") int maxExpressionLength,
        @DefaultValue("32") int maxExpressionDepth, @DefaultValue("64") int maxListItems,
        @DefaultValue("1000") int maxKeysPerQuery) {

    public LimitsProperties {
        if (maxRequestBytes.toBytes() < 1024) {
            throw new IllegalArgumentException("tally.limits.max-request-bytes must be at least 1KB");
        }
        if (maxSpecBytes.toBytes() < 1 || maxSpecBytes.toBytes() > maxRequestBytes.toBytes()) {
            throw new IllegalArgumentException("tally.limits.max-spec-bytes must be between 1 and "
                    + "tally.limits.max-request-bytes");
        }
        if (maxExpressionLength < 1) {
            throw new IllegalArgumentException("tally.limits.max-expression-length must be positive");
        }
        if (maxExpressionDepth < 1 || maxExpressionDepth > 256) {
            throw new IllegalArgumentException("tally.limits.max-expression-depth must be between 1 and 256");
        }
        if (maxListItems < 1) {
            throw new IllegalArgumentException("tally.limits.max-list-items must be positive");
        }
        if (maxKeysPerQuery < 1) {
            throw new IllegalArgumentException("tally.limits.max-keys-per-query must be positive");
        }
    }
}
