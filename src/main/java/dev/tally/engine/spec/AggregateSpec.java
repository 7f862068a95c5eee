package dev.tally.engine.spec;

/**
 * One value computed per key and window.
 *
 * @param name  name of the value in results
 * @param kind  the aggregate function
 * @param field expression giving the input value (not for {@link Kind#COUNT})
 */
public record AggregateSpec(String name, Kind kind, String field) {

    /** Aggregate functions. */
    public enum Kind {
        /** Number of elements. */
        COUNT,
        /** Sum of a numeric value. */
        SUM,
        /** Smallest numeric value. */
        MIN,
        /** Largest numeric value. */
        MAX,
        /** Mean of a numeric value. */
        AVG,
        /** Approximate number of distinct values (a mergeable UltraLogLog sketch, about 1 % error). */
        DISTINCT
    }

    public static AggregateSpec count(String name) {
        return new AggregateSpec(name, Kind.COUNT, null);
    }
}
