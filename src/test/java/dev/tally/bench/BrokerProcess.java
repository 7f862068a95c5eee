package dev.tally.bench;

import dev.tally.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;

/**
 * A Kafka broker in its own JVM for the benchmarks that time processes: the same single-node KRaft broker as the
 * service's embedded one (Kafka's own server classes) on a free loopback port. {@code main: dataDir}; prints
 * {@code bootstrap <servers>} once it serves, and stops when its standard input ends.
 */
public final class BrokerProcess {

    private BrokerProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]), 0)) {
            System.out.println("bootstrap " + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input (or to die)
            }
        }
    }
}
