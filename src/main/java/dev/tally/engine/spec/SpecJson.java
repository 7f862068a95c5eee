package dev.tally.engine.spec;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A {@link JobSpec} as JSON and back, as stored in snapshot manifests. Thread-safe. */
public final class SpecJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SpecJson() {
    }

    public static String write(JobSpec spec) {
        return JSON.writeValueAsString(spec);
    }

    public static JobSpec read(String json) {
        return JSON.readValue(json, JobSpec.class);
    }
}
