package dev.tally.control;

import dev.tally.testing.PostgresServer;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs an end-to-end test class of {@link EndToEndSupport} against a real PostgreSQL server ({@link PostgresServer},
 * started once per JVM) instead of the embedded H2 database: Flyway applies every migration to it and Hibernate
 * validates the schema, then the inherited tests run unchanged. Every class with this annotation shares one Spring
 * context (one initializer, same configuration) with its own data directory, apart from the H2 context. The class
 * is skipped, saying why, only when the machine has no PostgreSQL server binaries.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OnPostgres.BinariesPresent.class)
@ContextConfiguration(initializers = OnPostgres.Database.class)
@interface OnPostgres {

    /** Disables the class when there are no PostgreSQL server binaries (see {@link PostgresServer#binaries()}). */
    final class BinariesPresent implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return PostgresServer.binaries()
                    .map(bin -> ConditionEvaluationResult.enabled("PostgreSQL server binaries in " + bin))
                    .orElseGet(() -> ConditionEvaluationResult.disabled("SKIPPED: no PostgreSQL server binaries "
                            + "(initdb, pg_ctl) in -Dtally.test.postgres.bin, /usr/lib/postgresql/*/bin or the PATH;"
                            + " install Debian's postgresql package (.ci/run does) to run the PostgreSQL tests"));
        }
    }

    /** Points the application at the test server's database and at a data directory of its own. */
    final class Database implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            PostgresServer server = PostgresServer.get();
            Path data;
            try {
                data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-postgres-data-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres", Map.of(
                    "spring.datasource.url", server.jdbcUrl(),
                    "spring.datasource.username", PostgresServer.USER,
                    "spring.datasource.password", "",
                    "tally.data-dir", data.toString())));
        }
    }
}
