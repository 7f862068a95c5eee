package dev.tally.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SpecException;
import dev.tally.engine.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A confined engine reads no file outside its work directory (relative {@code ..}, absolute paths, symbolic links
 * leading out, whether to a file or through a directory) and reaches no Kafka cluster but its own; an unconfined
 * one (the command-line runner) trusts the spec.
 */
class SpecConfinementTests {

    @TempDir
    Path tmp;

    Path work;
    Path secret;
    EngineConfig confined;

    @BeforeEach
    void files() throws Exception {
        work = Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(work.resolve("config"));
        Files.writeString(work.resolve("config/campaigns.csv"), "ad,campaign\na1,c1\n");
        secret = Files.writeString(tmp.resolve("secret.csv"), "k,v\nroot,hunter2\n");
        Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(tmp.resolve("outside/x.csv"), "k,v\n");
        confined = EngineConfig.defaults("127.0.0.1:9092", work).confined();
    }

    private static JobSpec spec(String lookupFile, String source) {
        return SpecParser.parse("""
                name: confined
                source: %s
                time: { field: t }
                key: lookup("campaigns", ad)
                window: { kind: tumbling, size: 1s }
                aggregates: [ { name: n, kind: count } ]
                lookups: [ { name: campaigns, file: "%s" } ]
                """.formatted(source, lookupFile), true).spec();
    }

    private static JobSpec lookup(String file) {
        return spec(file, "{ kind: kafka, topic: in }");
    }

    private void refused(JobSpec spec, String pointer, String message) {
        assertThatThrownBy(() -> JobPlan.compile(spec, confined)).isInstanceOfSatisfying(SpecException.class,
                e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).pointer()).isEqualTo(pointer);
                    assertThat(e.errors().get(0).message()).contains(message);
                });
    }

    @Test
    void aLookupInsideTheWorkDirectoryIsRead() {
        assertThat(JobPlan.compile(lookup("config/campaigns.csv"), confined)).isNotNull();
        assertThat(JobPlan.compile(lookup("./config/../config/campaigns.csv"), EngineConfig.defaults(null, work)))
                .isNotNull();
    }

    @Test
    void dotDotIsRefusedEvenWhenItStaysInside() {
        refused(lookup("../secret.csv"), "/lookups/0/file", "'..'");
        refused(lookup("config/../../secret.csv"), "/lookups/0/file", "'..'");
        refused(lookup("config/../config/campaigns.csv"), "/lookups/0/file", "'..'");
    }

    @Test
    void absolutePathsAreRefused() {
        refused(lookup(secret.toString()), "/lookups/0/file", "absolute");
        refused(lookup(work.resolve("config/campaigns.csv").toString()), "/lookups/0/file", "absolute");
        refused(lookup("/etc/passwd"), "/lookups/0/file", "absolute");
    }

    @Test
    void symbolicLinksLeadingOutAreRefused() throws Exception {
        Files.createSymbolicLink(work.resolve("config/link.csv"), secret);
        Files.createSymbolicLink(work.resolve("config/relative-link.csv"), Path.of("../../secret.csv"));
        Files.createSymbolicLink(work.resolve("dir-link"), tmp.resolve("outside"));
        refused(lookup("config/link.csv"), "/lookups/0/file", "symbolic link");
        refused(lookup("config/relative-link.csv"), "/lookups/0/file", "symbolic link");
        refused(lookup("dir-link/x.csv"), "/lookups/0/file", "symbolic link");
    }

    @Test
    void aSymbolicLinkStayingInsideIsRead() throws Exception {
        Files.createSymbolicLink(work.resolve("inside-link.csv"), work.resolve("config/campaigns.csv"));
        assertThat(JobPlan.compile(lookup("inside-link.csv"), confined)).isNotNull();
    }

    @Test
    void aFileSourceIsConfinedLikeALookup() throws Exception {
        Files.createSymbolicLink(work.resolve("events.jsonl"), secret);
        refused(spec("config/campaigns.csv", "{ kind: file, path: ../secret.csv }"), "/source/path", "'..'");
        refused(spec("config/campaigns.csv", "{ kind: file, path: " + secret + " }"), "/source/path", "absolute");
        refused(spec("config/campaigns.csv", "{ kind: file, path: events.jsonl }"), "/source/path",
                "symbolic link");
    }

    @Test
    void noKafkaClusterButTheEnginesOwn() {
        refused(spec("config/campaigns.csv", "{ kind: kafka, topic: in, bootstrapServers: 'evil.example:9092' }"),
                "/source/bootstrapServers", "no other network address");
        refused(spec("config/campaigns.csv",
                "{ kind: kafka, topic: in, bootstrapServers: '127.0.0.1:9092,10.0.0.1:9092' }"),
                "/source/bootstrapServers", "no other network address");
        JobSpec own = spec("config/campaigns.csv", "{ kind: kafka, topic: in, bootstrapServers: ' 127.0.0.1:9092 ' }");
        assertThat(JobPlan.compile(own, confined)).isNotNull();
        assertThat(SpecConfinement.bootstrap(lookup("config/campaigns.csv"), confined)).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void anUnconfinedEngineTrustsTheSpec() {
        EngineConfig trusting = EngineConfig.defaults("127.0.0.1:9092", work);
        assertThat(JobPlan.compile(lookup(secret.toString()), trusting)).isNotNull();
        assertThat(JobPlan.compile(lookup("../secret.csv"), trusting)).isNotNull();
        JobSpec other = spec("config/campaigns.csv", "{ kind: kafka, topic: in, bootstrapServers: 'other:9092' }");
        assertThat(SpecConfinement.bootstrap(other, trusting)).isEqualTo("other:9092");
    }
}
