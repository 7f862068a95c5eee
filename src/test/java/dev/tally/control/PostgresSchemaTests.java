package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The PostgreSQL run really is on PostgreSQL: the application's data source is a PostgreSQL server, every migration
 * file in {@code db/migration} (whatever number it has) was applied successfully, and the run has a data directory
 * apart from the H2 run's.
 */
@OnPostgres
class PostgresSchemaTests extends EndToEndSupport {

    @Autowired
    DataSource dataSource;

    @Autowired
    Flyway flyway;

    @Value("${tally.data-dir}")
    String dataDir;

    @Test
    void everyMigrationIsAppliedToARealPostgresqlServer() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/db/migration"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        MigrationInfo[] applied = flyway.info().applied();
        assertThat(applied).hasSameSizeAs(files);
        assertThat(applied).allSatisfy(m -> assertThat(m.getState()).isEqualTo(MigrationState.SUCCESS));
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(dataDir).contains("e2e-postgres-data-");
    }
}
