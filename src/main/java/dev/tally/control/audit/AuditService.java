package dev.tally.control.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes and reads the audit log. Requests to the API are recorded by {@link AuditInterceptor}; the service's
 * own changes (start-up imports, automatic restarts and rollbacks) call {@link #record} with principal
 * {@link #SYSTEM}. Thread-safe.
 */
@Service
public class AuditService {

    /** The principal of changes the service makes by itself. */
    public static final String SYSTEM = "system";

    private final AuditRepository events;
    private final Clock clock = Clock.systemUTC();

    AuditService(AuditRepository events) {
        this.events = events;
    }

    /**
     * Records one change in its own transaction (so a refused request that rolls back is still recorded).
     *
     * @param principal  who asked (or {@link #SYSTEM})
     * @param action     what, e.g. {@code deploy}, {@code savepoint}
     * @param target     on what, e.g. {@code /api/jobs/campaign-views}
     * @param parameters the request's parameters as {@code name=value&...}, empty if none
     * @param status     the HTTP status of the outcome (200 for the service's own changes that worked)
     * @param detail     why it was refused or failed, or a note; null if none
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public AuditEvent record(String principal, String action, String target, String parameters, int status,
            String detail) {
        AuditEvent.Outcome outcome = status >= 500 ? AuditEvent.Outcome.FAILED
                : status >= 400 ? AuditEvent.Outcome.REFUSED : AuditEvent.Outcome.SUCCEEDED;
        return events.save(new AuditEvent(clock.instant(), principal, action, target, parameters, outcome, status,
                detail));
    }

    /**
     * One page of the log, newest first, filtered by every non-null criterion.
     *
     * @param page 0-based page number
     * @param size entries per page, 1..500
     * @throws IllegalArgumentException when page or size is out of range, or the outcome is unknown (names the
     *                                  parameter)
     */
    @Transactional(readOnly = true)
    public Page<AuditEvent> find(String principal, String action, String targetPrefix, String outcome, int page,
            int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page: must be 0 or more");
        }
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("size: must be between 1 and 500");
        }
        List<Specification<AuditEvent>> where = new ArrayList<>();
        if (principal != null) {
            where.add((e, q, cb) -> cb.equal(e.get("principal"), principal));
        }
        if (action != null) {
            where.add((e, q, cb) -> cb.equal(e.get("action"), action));
        }
        if (targetPrefix != null) {
            where.add((e, q, cb) -> cb.like(e.get("target"), escape(targetPrefix) + "%", '\\'));
        }
        if (outcome != null) {
            AuditEvent.Outcome o = outcome(outcome);
            where.add((e, q, cb) -> cb.equal(e.get("outcome"), o));
        }
        return events.findAll(Specification.allOf(where), PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")));
    }

    private static AuditEvent.Outcome outcome(String text) {
        try {
            return AuditEvent.Outcome.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome: must be SUCCEEDED, REFUSED or FAILED");
        }
    }

    private static String escape(String like) {
        return like.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
