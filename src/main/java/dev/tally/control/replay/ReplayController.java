package dev.tally.control.replay;

import dev.tally.control.audit.Principals;
import dev.tally.control.compare.ComparisonReport;
import dev.tally.control.web.NotFoundException;
import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.io.table.ResultTable;
import dev.tally.engine.window.WindowResult;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What-if replays of a job: start (201 with the replay; 400 naming the field when refused, nothing started),
 * list, one with its progress and comparison report, its sandbox results, cancel.
 */
@RestController
@RequestMapping("/api/jobs/{name}/replays")
@Tag(name = "Replays")
class ReplayController {

    private final ReplayService replays;
    private final dev.tally.control.job.JobService jobs;

    ReplayController(ReplayService replays, dev.tally.control.job.JobService jobs) {
        this.replays = replays;
        this.jobs = jobs;
    }

    @PostMapping
    ResponseEntity<ReplayView> start(@PathVariable String name, @RequestBody(required = false) ReplayRequest body,
            HttpServletRequest request) {
        Replay r = replays.start(name, body, Principals.of(request));
        return ResponseEntity.created(URI.create("/api/jobs/" + name + "/replays/" + r.getId()))
                .body(view(r, false));
    }

    /** The job's replays, newest first, without their reports. */
    @GetMapping
    List<ReplayView> list(@PathVariable String name) {
        jobs.find(name);
        return replays.list(name).stream().map(r -> view(r, false)).toList();
    }

    /** One replay: progress (records read of total, rate, ETA) and its comparison report. */
    @GetMapping("/{id}")
    ReplayView get(@PathVariable String name, @PathVariable long id) {
        return view(replays.find(name, id), true);
    }

    /** Stops a running replay (409 when it is not running). */
    @PostMapping("/{id}/cancel")
    ReplayView cancel(@PathVariable String name, @PathVariable long id) throws InterruptedException {
        return view(replays.cancel(name, id), true);
    }

    /** The replay's own results (its sandbox table), newest windows first; 404 once no longer kept in memory. */
    @GetMapping("/{id}/results")
    List<Map<String, Object>> results(@PathVariable String name, @PathVariable long id,
            @RequestParam(defaultValue = "10") int windows) {
        Replay r = replays.find(name, id);
        if (windows < 1 || windows > 1000) {
            throw new IllegalArgumentException("windows: must be between 1 and 1000");
        }
        ResultTable table = replays.results(id).orElseThrow(() -> new NotFoundException("the results of replay "
                + id + " are no longer kept (the service keeps the last ones in memory); its report is"));
        List<String> names = dev.tally.control.job.JobService.spec(jobs.version(jobs.find(r.getJobName()), r.getVersion()))
                .aggregateNames();
        return table.latest(windows).stream().map(w -> row(w, names)).toList();
    }

    private static Map<String, Object> row(WindowResult w, List<String> names) {
        Map<String, Object> values = new LinkedHashMap<>();
        ResultValues v = w.values();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), v.number(i));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", w.key());
        out.put("windowStart", w.start());
        out.put("windowEnd", w.end());
        out.put("values", values);
        out.put("firing", w.firing());
        out.put("revision", w.revision());
        return out;
    }

    private ReplayView view(Replay r, boolean withReport) {
        ComparisonReport report = withReport ? replays.report(r.getId()).orElse(null) : null;
        return ReplayView.of(r, replays.live(r.getId()).orElse(null), report, System.currentTimeMillis());
    }
}
