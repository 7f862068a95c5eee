package dev.tally.control.deployment;

import dev.tally.control.web.ConflictException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * At most one operation per job at a time: whoever wants to change a deployment (an operation, deploy, stop,
 * resume, savepoint) asks here first and is refused with 409 naming the operation in progress. The durable
 * record is the operation's row (state RUNNING); this is its in-memory lock, filled again by the reconciler at
 * start-up. Thread-safe.
 */
@Component
public class OperationGuard {

    /** An operation in progress: its id (null while it is being recorded) and kind. */
    private record Busy(Long operationId, OperationKind kind) {
    }

    private final Map<String, Busy> busy = new ConcurrentHashMap<>();
    private final ObjectProvider<OperationVeto> vetoes;

    /** A guard without vetoes (tests). */
    OperationGuard() {
        this(null);
    }

    /** @param vetoes what may forbid an operation for a while (an experiment running on the job) */
    @Autowired
    OperationGuard(ObjectProvider<OperationVeto> vetoes) {
        this.vetoes = vetoes;
    }

    /**
     * Refuses an operation of {@code kind} (null: a stop of the deployment) that an {@link OperationVeto} forbids.
     *
     * @throws ConflictException with the veto's reason
     */
    public void refuseVetoed(String job, OperationKind kind) {
        if (vetoes == null) {
            return;
        }
        vetoes.orderedStream().forEach(v -> v.whyRefused(job, kind).ifPresent(why -> {
            throw new ConflictException("job '" + job + "': " + why);
        }));
    }

    /**
     * Takes the job's lock for an operation of {@code kind}.
     *
     * @throws ConflictException when another operation holds it, or an {@link OperationVeto} forbids it
     */
    void acquire(String job, OperationKind kind) {
        refuseVetoed(job, kind);
        Busy mine = new Busy(null, kind);
        Busy other = busy.putIfAbsent(job, mine);
        if (other != null) {
            throw conflict(job, other);
        }
    }

    /** Names the recorded operation that holds the job's lock. */
    void recorded(String job, long operationId, OperationKind kind) {
        busy.put(job, new Busy(operationId, kind));
    }

    void release(String job) {
        busy.remove(job);
    }

    /** Whether an operation on the job is in progress. */
    public boolean isBusy(String job) {
        return busy.containsKey(job);
    }

    /**
     * Refuses a change while an operation on the job is in progress.
     *
     * @throws ConflictException naming the operation (id and kind)
     */
    public void refuseIfBusy(String job) {
        Busy b = busy.get(job);
        if (b != null) {
            throw conflict(job, b);
        }
    }

    private static ConflictException conflict(String job, Busy b) {
        String which = b.operationId() == null ? b.kind().name() : b.kind() + " (operation " + b.operationId() + ")";
        return new ConflictException("job '" + job + "' has an operation in progress: " + which
                + "; wait for it to finish" + (b.operationId() == null ? ""
                        : " (GET /api/jobs/" + job + "/deployment/operations/" + b.operationId() + ")"));
    }
}
