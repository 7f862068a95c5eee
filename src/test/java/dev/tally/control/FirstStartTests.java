package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.TallyApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The first start without a configured password: no default password exists; the service creates the admin
 * with a generated password, logs it once, stores only its hash, and that password signs in.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstStartTests {

    private static final Pattern LOGGED = Pattern.compile("Tally created the first user[\\s\\S]*?username: (\\S+)\\s+"
            + "password: (\\S+)");

    @Test
    void generatesLogsAndHashesTheFirstAdminPassword(CapturedOutput output) throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "first-start-");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TallyApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--tally.kafka.embedded-port=0",
                "--tally.demo.enabled=false", "--tally.jobs-dir=target/no-jobs", "--spring.main.banner-mode=off",
                "--tally.data-dir=" + data.toAbsolutePath())) {
            Matcher m = LOGGED.matcher(output.getAll());
            assertThat(m.find()).as("the log says the first user's password").isTrue();
            assertThat(m.group(1)).isEqualTo("admin");
            String password = m.group(2);
            assertThat(password).hasSize(20);

            List<Map<String, Object>> users = app.getBean(JdbcTemplate.class)
                    .queryForList("select username, password_hash, role from tally_user");
            assertThat(users).hasSize(1);
            String hash = (String) users.get(0).get("password_hash");
            assertThat(hash).startsWith("{bcrypt}").doesNotContain(password);
            assertThat(users.get(0).get("role")).isEqualTo("ADMIN");

            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            assertThat(Session.signIn(port, "admin", password).send("GET", "/api/me", null, null, false).body())
                    .contains("\"role\":\"ADMIN\"");
            assertThat(output.getAll().split("Tally created the first user", -1)).as("logged once").hasSize(2);
        }
    }
}
