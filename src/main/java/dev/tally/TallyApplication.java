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

    /** Starts the service, or with {@code run ...} a bounded local run of a job spec without the server. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("run")) {
            System.exit(dev.tally.cli.RunCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
        }
        SpringApplication.run(TallyApplication.class, args);
    }
}
