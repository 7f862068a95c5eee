package dev.tally.control.catalog;

import dev.tally.engine.spec.Durations;
import dev.tally.control.web.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DatabindException;

/** A job's savepoint settings: retention (count, age) and the periodic-savepoint interval. */
@RestController
@RequestMapping("/api/jobs/{name}/savepoint-settings")
@Tag(name = "Savepoint catalog")
class SavepointSettingsController {

    private final SavepointCatalog catalog;

    SavepointSettingsController(SavepointCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * A job's savepoint settings; durations as {@code 30s}, {@code 10m}, {@code 12h}, {@code 7d} or ISO-8601.
     *
     * @param keep             savepoints kept (the newest), besides pinned and needed ones: 1..10000; required
     * @param maxAge           older savepoints are removed (except the newest); null = no age limit
     * @param periodicInterval time between periodic savepoints of a running deployment, at least 1s; null = none
     */
    record Settings(Integer keep, String maxAge, String periodicInterval) {

        static Settings of(SavepointSettings s) {
            return new Settings(s.getKeep(), format(s.getMaxAge()), format(s.getPeriodicInterval()));
        }

        private static String format(Duration d) {
            return d == null ? null : Durations.format(d);
        }
    }

    @GetMapping
    @Operation(summary = "A job's savepoint settings (defaults: keep 10, no age limit, no periodic savepoints)")
    @ApiResponse(responseCode = "404", description = "no such job")
    Settings get(@PathVariable String name) {
        return Settings.of(catalog.settings(name));
    }

    @PutMapping
    @Operation(summary = "Replace a job's savepoint settings; retention applies at once")
    @ApiResponse(responseCode = "400", description = "a field is missing or out of range (named in the detail)")
    @ApiResponse(responseCode = "404", description = "no such job")
    Settings put(@PathVariable String name, @RequestBody(required = false) Settings body) {
        if (body == null) {
            throw new IllegalArgumentException("body: required, e.g. {\"keep\": 10, \"maxAge\": \"7d\", "
                    + "\"periodicInterval\": \"1h\"}");
        }
        if (body.keep() == null) {
            throw new IllegalArgumentException("keep: required (savepoints kept, 1.." + SavepointSettings.MAX_KEEP + ")");
        }
        return Settings.of(catalog.changeSettings(name, body.keep(), duration("maxAge", body.maxAge()),
                duration("periodicInterval", body.periodicInterval())));
    }

    private static Duration duration(String field, String text) {
        if (text == null) {
            return null;
        }
        Duration d = Durations.parse(text);
        if (d == null) {
            throw new IllegalArgumentException(field + ": not a duration: '" + text + "' (e.g. 30s, 10m, 12h, 7d)");
        }
        return d;
    }

    /** A body that is not JSON of the right shape: 400 naming the field where Jackson knows it. */
    @ExceptionHandler
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String field = null;
        if (e.getCause() instanceof DatabindException d && !d.getPath().isEmpty()) {
            field = d.getPath().get(d.getPath().size() - 1).getPropertyName();
        }
        return FieldProblem.badRequest(field == null
                ? "body: not a JSON object of keep, maxAge and periodicInterval"
                : field + ": wrong type (keep is a whole number; maxAge and periodicInterval are durations as text)");
    }
}
