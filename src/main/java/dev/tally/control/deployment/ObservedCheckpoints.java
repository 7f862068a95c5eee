package dev.tally.control.deployment;

import dev.tally.engine.snapshot.BytesOutput;
import dev.tally.engine.snapshot.Manifest;
import dev.tally.engine.snapshot.Snapshot;
import dev.tally.engine.snapshot.SnapshotStore;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * A job's checkpoint store as the engine and the deployment feature use it: every checkpoint stored is announced
 * ({@link CheckpointRetained}) after it is written, and every deletion or quarantine ({@link CheckpointDeleted})
 * before its files go, so that the savepoint catalog follows the engine's own retention. Reads pass through.
 * Thread-safe as the store it wraps.
 */
final class ObservedCheckpoints implements SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(ObservedCheckpoints.class);

    private final String job;
    private final SnapshotStore store;
    private final ApplicationEventPublisher events;

    ObservedCheckpoints(String job, SnapshotStore store, ApplicationEventPublisher events) {
        this.job = job;
        this.store = store;
        this.events = events;
    }

    @Override
    public Stored write(Manifest draft, Map<String, BytesOutput> files) {
        Stored s = store.write(draft, files);
        announce(new CheckpointRetained(job, s.id(), s.manifest()));
        return s;
    }

    @Override
    public Listing scan() {
        return store.scan();
    }

    @Override
    public Snapshot open(String id) {
        return store.open(id);
    }

    @Override
    public void delete(String id) {
        announce(new CheckpointDeleted(job, id, "deleted from the checkpoint store"));
        store.delete(id);
    }

    @Override
    public String quarantine(String id) {
        announce(new CheckpointDeleted(job, id, "set aside by recovery"));
        return store.quarantine(id);
    }

    /**
     * Publishes an event; a failure (the service shutting down) is logged, never thrown into the engine's
     * checkpoint, whose Kafka transactions must still commit: the catalog's reconciliation at the next start
     * catches up.
     */
    private void announce(Object event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            log.error("Could not announce {} to the catalog ({}); the next start's reconciliation catches up", event,
                    e.toString());
        }
    }

    @Override
    public void removeUnfinished() {
        store.removeUnfinished();
    }
}
