package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts that the service refuses a spec as it must: 400, a problem detail naming the field, and no job. */
final class SpecRefusals {

    private SpecRefusals() {
    }

    /**
     * Submits {@code spec} (YAML) and asserts a 400 problem detail whose first error has {@code pointer} and a
     * message containing {@code message}, and that job {@code name} does not exist afterwards.
     */
    static Api.Response refused(Api api, String name, String spec, String pointer, String message) {
        Api.Response r = api.post("/api/jobs", "application/yaml", spec);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("errors").get(0).get("pointer").asString()).isEqualTo(pointer);
        assertThat(r.body().get("errors").get(0).get("message").asString()).contains(message);
        assertThat(api.get("/api/jobs/" + name).status()).isEqualTo(404);
        return r;
    }
}
