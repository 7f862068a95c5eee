package dev.tally.control.compare;

import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps comparison reports in the database (table {@code comparison_report}), one per owner, so a finished
 * experiment's or replay's report stays readable after its runs ended and across restarts of the service.
 */
@Service
public class ComparisonStore {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,40}");

    private final StoredReportRepository repository;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    ComparisonStore(StoredReportRepository repository, ObjectMapper mapper) {
        this.repository = repository;
        this.mapper = mapper;
    }

    /**
     * Saves (or replaces) the report of an owner.
     *
     * @param ownerKind what owns it: lower-case letters, digits and dashes, e.g. {@code experiment}, {@code replay}
     * @param ownerId   the owner's id
     * @throws IllegalArgumentException for an owner kind outside that form
     */
    @Transactional
    public void save(String ownerKind, long ownerId, ComparisonReport report) {
        String owner = owner(ownerKind, ownerId);
        String json = mapper.writeValueAsString(report);
        repository.findById(owner).ifPresentOrElse(r -> r.replace(json, clock.instant()),
                () -> repository.save(new StoredReport(owner, json, clock.instant())));
    }

    /** The saved report of an owner, if any. */
    @Transactional(readOnly = true)
    public Optional<ComparisonReport> find(String ownerKind, long ownerId) {
        return repository.findById(owner(ownerKind, ownerId))
                .map(r -> mapper.readValue(r.getReportJson(), ComparisonReport.class));
    }

    /** Removes the report of an owner (nothing when there is none). */
    @Transactional
    public void delete(String ownerKind, long ownerId) {
        repository.deleteById(owner(ownerKind, ownerId));
    }

    private static String owner(String kind, long id) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("ownerKind: must be lower-case letters, digits and dashes");
        }
        return kind + ":" + id;
    }
}
