package dev.tally.control.deployment;

/** Where a deployment runs. */
public enum DeploymentTarget {
    /** In the service's embedded engine. */
    EMBEDDED,
    /** On the configured Flink cluster (embedded MiniCluster or {@code tally.flink.url}), through its REST API. */
    FLINK;

    /**
     * Reads a target as the API names it ({@code embedded}, {@code flink}).
     *
     * @throws IllegalArgumentException naming the field {@code target} for anything else
     */
    public static DeploymentTarget parse(String text) {
        return switch (text == null ? "embedded" : text) {
            case "embedded" -> EMBEDDED;
            case "flink" -> FLINK;
            default -> throw new IllegalArgumentException("target: must be embedded or flink");
        };
    }
}
