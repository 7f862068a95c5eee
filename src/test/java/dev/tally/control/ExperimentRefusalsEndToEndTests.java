package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Refused experiment requests change nothing and say why: a problem detail naming the field (400) or the state
 * (404, 409); no experiment row, no savepoint taken, no topic, no operation on the deployment.
 */
class ExperimentRefusalsEndToEndTests extends ExperimentSupport {

    /** Asserts the status and that the detail names {@code field} (400: also in {@code errors}). */
    static void refused(Api.Response r, int status, String field, String... detail) {
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
        assertThat(r.body().get("detail").asString()).contains(detail);
        if (status == 400) {
            assertThat(r.body().get("detail").asString()).startsWith(field + ": ");
            assertThat(r.body().get("errors").get(0).get("field").asString()).isEqualTo(field);
        }
    }

    @Test
    void refusesBadRequestsBeforeChangingAnything() throws Exception {
        String name = "exp-refused";
        try (Feed feed = new Feed(kafka.bootstrapServers(), name + "-in", KEYS)) {
            feed.send(200);
            submit(spec(name, ""));
            refused(startExperiment("exp-nobody", "{\"version\":1}"), 404, "name", "no job named 'exp-nobody'");
            refused(startExperiment(name, "{\"version\":1}"), 409, "", "was never deployed");
            LifecycleEndToEndTests.deployAndAwaitCheckpoint(api, name);
            submit(spec(name, "").replace("size: 1s", "size: 2s"));
            submit(spec(name, "aggregates: [ { name: m, kind: count } ]\n").replace(
                    "aggregates: [ { name: n, kind: count } ]\n", ""));
            Set<String> topicsBefore = topics();
            int savepointsBefore = api.get("/api/jobs/" + name + "/savepoints").body().size();

            refused(startExperiment(name, "{}"), 400, "version", "required");
            refused(startExperiment(name, "{\"version\":0}"), 400, "version", "1 or more");
            refused(startExperiment(name, "{\"version\":9}"), 404, "version", "has no version 9");
            refused(startExperiment(name, "{\"version\":2}"), 400, "version", "cannot use the state", "window");
            refused(startExperiment(name, "{\"version\":3}"), 400, "version", "[m]", "same aggregates");
            refused(startExperiment(name, "{\"version\":1,\"savepoint\":\" \"}"), 400, "savepoint", "blank");
            refused(startExperiment(name, "{\"version\":1,\"savepoint\":\"0123456789abcdef0123456789abcdef\"}"),
                    404, "savepoint", "0123456789abcdef0123456789abcdef");
            refused(api.post("/api/jobs/" + name + "/experiments/99/abort"), 404, "id", "no experiment 99");
            refused(api.post("/api/jobs/" + name + "/experiments/99/promote"), 404, "id", "no experiment 99");

            assertThat(api.get("/api/jobs/" + name + "/experiments").body()).as("no experiment").isEmpty();
            assertThat(api.get("/api/jobs/" + name + "/savepoints").body().size()).as("no savepoint taken")
                    .isEqualTo(savepointsBefore);
            assertThat(topics()).as("no topic").isEqualTo(topicsBefore);
            assertThat(api.get("/api/jobs/" + name + "/deployment/operations").body()).isEmpty();
            JsonNode deployment = api.get("/api/jobs/" + name + "/deployment").body();
            assertThat(deployment.get("status").asString()).isEqualTo("RUNNING");

            Api.Response suspended = api.post("/api/jobs/" + name + "/deployment/suspend");
            assertThat(suspended.status()).as(String.valueOf(suspended.body())).isEqualTo(200);
            refused(startExperiment(name, "{\"version\":1}"), 409, "", "is not running");
            assertThat(api.get("/api/jobs/" + name + "/experiments").body()).isEmpty();
        }
    }
}
