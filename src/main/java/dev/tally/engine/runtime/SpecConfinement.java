package dev.tally.engine.runtime;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a spec may reach. With {@link EngineConfig#confineSpecs()} (the service, where specs come from API
 * callers): a file named by a spec (a lookup table, a file source) must be a relative path without {@code ..}
 * whose real path (symbolic links resolved) lies inside the real path of {@link EngineConfig#workDir()}, and a
 * source may name no Kafka cluster but {@link EngineConfig#bootstrapServers()}. Without it (the command-line
 * runner, where the spec's author owns the machine) paths resolve against the work directory and any address is
 * used as given. Every refusal is a {@link SpecException} with the field's JSON pointer.
 */
public final class SpecConfinement {

    private SpecConfinement() {
    }

    /**
     * The file a spec names, resolved against the work directory.
     *
     * @param path    the path as written in the spec
     * @param pointer the JSON pointer of the field, for the error
     * @return the path to open: when confined, the real path (symbolic links resolved) if the file exists, so that
     *     what is checked is what is read
     * @throws SpecException when confined and the path is absolute, contains {@code ..}, is not a valid path, or
     *     leads (through symbolic links) outside the work directory
     */
    public static Path file(EngineConfig config, String path, String pointer) {
        Path workDir = config.workDir();
        Path given;
        try {
            given = Path.of(path);
        } catch (InvalidPathException e) {
            throw new SpecException(pointer, "is not a valid path");
        }
        if (!config.confineSpecs()) {
            return workDir.resolve(given).normalize();
        }
        if (given.isAbsolute() || path.startsWith("/") || path.startsWith("\\") || given.getRoot() != null) {
            throw new SpecException(pointer, "must be a path relative to the lookup directory, not an absolute path");
        }
        for (Path part : given) {
            if (part.toString().equals("..")) {
                throw new SpecException(pointer, "must not contain '..': files outside the lookup directory are "
                        + "not readable");
            }
        }
        Path resolved = workDir.resolve(given).normalize();
        if (!Files.exists(resolved)) {
            return resolved;
        }
        try {
            Path real = resolved.toRealPath();
            if (!real.startsWith(workDir.toRealPath())) {
                throw new SpecException(pointer, "leads outside the lookup directory (through a symbolic link)");
            }
            return real;
        } catch (IOException e) {
            throw new SpecException(pointer, "cannot be resolved: " + e.getMessage());
        }
    }

    /**
     * The Kafka cluster a job reads from and writes to: the spec's {@code source.bootstrapServers}, else the
     * engine's.
     *
     * @throws SpecException ({@code /source/bootstrapServers}) when confined and the spec names other servers than
     *     the engine's (compared as sets of {@code host:port}, case-insensitively)
     */
    public static String bootstrap(JobSpec spec, EngineConfig config) {
        String named = spec.source() == null ? null : spec.source().bootstrapServers();
        if (named == null) {
            return config.bootstrapServers();
        }
        if (config.confineSpecs() && !servers(named).equals(servers(config.bootstrapServers()))) {
            throw new SpecException("/source/bootstrapServers", "must be omitted or name this service's Kafka "
                    + "cluster: a job may reach no other network address");
        }
        return named;
    }

    private static Set<String> servers(String list) {
        return list == null ? Set.of() : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(String::toLowerCase).collect(Collectors.toCollection(TreeSet::new));
    }
}
