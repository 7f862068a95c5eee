package dev.tally.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started once per JVM from the machine's server binaries ({@code initdb},
 * {@code pg_ctl}): a fresh cluster under {@code target/postgres-*}, listening on a free port of 127.0.0.1 only (no
 * Unix socket), trust authentication for the superuser {@code tally}, stopped by a shutdown hook when the JVM
 * exits. The binaries are looked up in the system property {@code tally.test.postgres.bin}, then in
 * {@code /usr/lib/postgresql/<highest version>/bin} (Debian's {@code postgresql} package), then on the
 * {@code PATH}. As root (which {@code initdb} refuses) the server runs as the OS user {@code postgres} through
 * {@code runuser}, owning its directory.
 */
public final class PostgresServer {

    /** The database and superuser name of the cluster. */
    public static final String USER = "tally";

    private static PostgresServer started;

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final String runAs;

    private PostgresServer(Path bin, Path dataDir, int port, String runAs) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.runAs = runAs;
    }

    /**
     * The directory holding {@code initdb} and {@code pg_ctl}, or empty when this machine has no PostgreSQL server
     * binaries (the caller then skips, saying so).
     */
    public static Optional<Path> binaries() {
        String configured = System.getProperty("tally.test.postgres.bin");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(PostgresServer::hasServer);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin")).filter(PostgresServer::hasServer)
                        .max(Comparator.comparing(PostgresServer::majorVersion));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot list " + debian, e);
            }
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Path::of).filter(PostgresServer::hasServer).findFirst();
    }

    private static boolean hasServer(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The JVM's one server, started on first call (a few seconds: initdb and start-up).
     *
     * @throws IllegalStateException when there are no binaries, or initdb or the start fails (with the server's
     *     output)
     */
    public static synchronized PostgresServer get() {
        if (started == null) {
            Path bin = binaries().orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries"));
            started = start(bin);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-stop"));
        }
        return started;
    }

    /** The JDBC URL of the server's {@code tally} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + USER;
    }

    private static PostgresServer start(Path bin) {
        try {
            Files.createDirectories(Path.of("target"));
            Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "postgres-");
            Path data = root.resolve("data");
            boolean asRoot = "root".equals(System.getProperty("user.name"));
            String runAs = asRoot ? "postgres" : null;
            if (asRoot) {
                // initdb refuses to run as root: the cluster belongs to the OS user postgres
                UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(root, owner);
            }
            PostgresServer server = new PostgresServer(bin, data, freePort(), runAs);
            server.run(60, "initdb", "-D", data.toString(), "-U", USER, "--auth=trust", "--encoding=UTF8",
                    "--no-sync", "--no-instructions");
            server.run(60, "pg_ctl", "-D", data.toString(), "-l", root.resolve("server.log").toString(), "-w",
                    "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
                            + " -p " + server.port, "start");
            server.run(30, "createdb", "-h", "127.0.0.1", "-p", String.valueOf(server.port), "-U", USER, USER);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start PostgreSQL from " + bin, e);
        }
    }

    private void stop() {
        try {
            run(60, "pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop");
        } catch (RuntimeException e) {
            System.err.println("Could not stop the test PostgreSQL server: " + e.getMessage());
        }
    }

    private void run(int timeoutSeconds, String program, String... args) {
        List<String> command = new ArrayList<>();
        if (runAs != null) {
            command.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("postgres-" + program, ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .directory(Path.of("target").toAbsolutePath().toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(program + " did not finish in " + timeoutSeconds + " s: "
                        + Files.readString(log));
            }
            String output = Files.readString(log);
            Files.delete(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                        + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + program, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
