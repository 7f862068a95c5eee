package dev.tally.cli;

/** {@code java -jar tally.jar --help}: the usage of the service and of its commands. */
public final class Help {

    /** The text printed for {@code --help} and {@code -h}. */
    public static final String USAGE = """
            Tally: continuous counting on event streams.

            usage: java -jar tally.jar [--name=value ...]       start the service (REST API, dashboard, engine)
                   java -jar tally.jar run --spec FILE [...]    a bounded local run of one job spec, no server
                   java -jar tally.jar --help | -h              this text (run --help: the options of run)

            Service settings (also in application.yml or as environment variables, e.g. TALLY_DATA_DIR):
              --server.port=8080                    HTTP port of the REST API (/api) and the dashboard (/)
              --tally.data-dir=./data               database, embedded Kafka's logs, checkpoints and savepoints
              --tally.jobs-dir=config/jobs          job specs imported at start-up
              --tally.work-dir=.                    the lookup directory: specs read files only inside it
              --tally.limits.max-request-bytes=1MB  largest request body (413 above); other limits: README
              --tally.kafka.bootstrap-servers=H:P   use this Kafka cluster; empty starts the embedded broker
              --tally.kafka.embedded-port=9092      port of the embedded broker on 127.0.0.1 (0: any free port)
              --tally.demo.enabled=true             write demo ad events into topic ad-events
              --tally.security.admin-password=PW    the admin's password (else generated at the first start, logged once)
              --tally.security.sign-in-max-failures=5  failed sign-ins of one name in a row before it is locked out
              --tally.security.sign-in-lockout=60s  how long a locked-out name is refused after its last failure
              --tally.health.min-free-space=100MB   readiness is DOWN below this free space in the data dir
              --tally.health.kafka-timeout=2s       readiness is DOWN when Kafka does not answer within this

            """ + RunCommand.USAGE;

    private Help() {
    }

    /** Whether {@code arg} asks for help. */
    public static boolean asked(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }
}
