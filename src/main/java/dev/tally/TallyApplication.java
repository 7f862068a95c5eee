package dev.tally;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Tally: the embedded stream engine and its control plane, in one application. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TallyApplication {

    /**
     * Starts the service, or with {@code run ...} a bounded local run of a job spec without the server; with
     * {@code --help} or {@code -h} prints the usage and exits 0 without starting anything.
     */
    public static void main(String[] args) {
        if (args.length > 0 && dev.tally.cli.Help.asked(args[0])) {
            System.out.print(dev.tally.cli.Help.USAGE);
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("run")) {
            System.exit(dev.tally.cli.RunCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
        }
        SpringApplication.run(TallyApplication.class, args);
    }
}
