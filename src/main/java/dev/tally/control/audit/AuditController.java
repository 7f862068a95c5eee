package dev.tally.control.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log: every change, who asked for it and how it ended. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditService audit;

    AuditController(AuditService audit) {
        this.audit = audit;
    }

    /** One entry of the log. */
    record Entry(long id, Instant at, String principal, String action, String target, String parameters,
            AuditEvent.Outcome outcome, int status, String detail) {

        static Entry of(AuditEvent e) {
            return new Entry(e.getId(), e.getAt(), e.getPrincipal(), e.getAction(), e.getTarget(), e.getParameters(),
                    e.getOutcome(), e.getStatus(), e.getDetail());
        }
    }

    /**
     * A page of the log.
     *
     * @param items newest first
     * @param page  this page's number (from 0)
     * @param size  entries per page
     * @param total entries matching the filters
     */
    record EntryPage(List<Entry> items, int page, int size, long total) {
    }

    /**
     * The log, newest first; every filter is optional: {@code principal}, {@code action} (exact),
     * {@code target} (a path prefix such as {@code /api/jobs/campaign-views}), {@code outcome} (SUCCEEDED,
     * REFUSED, FAILED). 400 naming the parameter when page, size or outcome is invalid.
     */
    @GetMapping
    EntryPage list(@RequestParam(required = false) String principal, @RequestParam(required = false) String action,
            @RequestParam(required = false) String target, @RequestParam(required = false) String outcome,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Page<AuditEvent> p = audit.find(principal, action, target, outcome, page, size);
        return new EntryPage(p.getContent().stream().map(Entry::of).toList(), page, size, p.getTotalElements());
    }
}
