package dev.tally.cli;

import java.nio.file.Path;

/**
 * The command line of {@code tally run}.
 *
 * @param spec             the job spec file
 * @param input            a JSON-lines file replacing the spec's source, or null
 * @param output           where results go, or null for standard output
 * @param parallelism      overrides the spec's parallelism when positive
 * @param untilEnd         a Kafka source stops at the end offsets found at start
 * @param count            a generator source generates this many events when positive
 * @param bootstrapServers Kafka address for sources and sinks that do not name one
 * @param stateDir         checkpoints and savepoints go here, and a run resumes from the latest checkpoint
 * @param fromCheckpoint   with a state directory: resume from this checkpoint id instead of the newest (an
 *                         explicit choice; newer and unreadable checkpoints are then set aside), or null
 */
record Options(Path spec, Path input, Path output, int parallelism, boolean untilEnd, long count,
        String bootstrapServers, Path stateDir, String fromCheckpoint) {

    static Options parse(String[] args) {
        Path spec = null;
        Path input = null;
        Path output = null;
        int parallelism = 0;
        boolean untilEnd = false;
        long count = 0;
        String servers = null;
        Path stateDir = null;
        String fromCheckpoint = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--spec" -> spec = Path.of(value(args, ++i, a));
                case "--input" -> input = Path.of(value(args, ++i, a));
                case "--output" -> output = Path.of(value(args, ++i, a));
                case "--parallelism" -> parallelism = positive(value(args, ++i, a), a);
                case "--count" -> count = positive(value(args, ++i, a), a);
                case "--bootstrap-servers" -> servers = value(args, ++i, a);
                case "--until-end" -> untilEnd = true;
                case "--state-dir" -> stateDir = Path.of(value(args, ++i, a));
                case "--from-checkpoint" -> fromCheckpoint = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (spec == null) {
            throw new IllegalArgumentException("--spec is required");
        }
        if (fromCheckpoint != null && stateDir == null) {
            throw new IllegalArgumentException("--from-checkpoint needs --state-dir");
        }
        return new Options(spec, input, output, parallelism, untilEnd, count, servers, stateDir, fromCheckpoint);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int positive(String text, String flag) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a positive whole number, not " + text);
    }
}
