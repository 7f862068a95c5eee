package dev.tally.engine.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the checkpoint a job resumes from. Never passes over a snapshot it cannot read: if the store holds an
 * unreadable entry, resuming "from the newest" is refused, because that entry may be the newest checkpoint and
 * an older one would replay (and re-emit) what was already committed. The user can then name a checkpoint
 * explicitly; only then are the unreadable entries, and any readable checkpoint newer than the one chosen, set
 * aside (renamed, never deleted), so that a later recovery cannot jump forward to them. Unlike
 * flink-kubernetes-operator's fallback to the last checkpoint (FLINK-29258), nothing here falls back by itself.
 * Stateless.
 */
public final class Recovery {

    private Recovery() {
    }

    /**
     * What to resume from.
     *
     * @param checkpoint  the checkpoint to restore, or null when the store holds none (start from empty state)
     * @param quarantined names under which entries were set aside (only when a checkpoint was chosen explicitly)
     */
    public record Choice(SnapshotStore.Stored checkpoint, List<String> quarantined) {
    }

    /**
     * Chooses the checkpoint to resume from.
     *
     * @param store  the job's checkpoint store
     * @param chosen the id of the checkpoint the user named explicitly, or null for the newest
     * @return the choice; its checkpoint is null only when the store is empty and nothing was chosen
     * @throws UnreadableSnapshotException when nothing was chosen and an entry of the store cannot be read
     * @throws SnapshotNotFoundException   when the chosen id is not a readable checkpoint of the store
     */
    public static Choice choose(SnapshotStore store, String chosen) {
        SnapshotStore.Listing listing = store.scan();
        List<SnapshotStore.Stored> readable = listing.snapshots();
        SnapshotStore.Stored newest = readable.isEmpty() ? null : readable.get(readable.size() - 1);
        if (chosen == null) {
            if (!listing.unreadable().isEmpty()) {
                throw new UnreadableSnapshotException(listing.unreadable(), newest);
            }
            return new Choice(newest, List.of());
        }
        SnapshotStore.Stored pick = readable.stream().filter(s -> s.id().equals(chosen)).findFirst()
                .orElseThrow(() -> new SnapshotNotFoundException("no readable checkpoint " + chosen));
        List<String> quarantined = new ArrayList<>();
        for (SnapshotStore.Unreadable u : listing.unreadable()) {
            quarantined.add(store.quarantine(u.id()));
        }
        for (SnapshotStore.Stored s : readable.subList(readable.indexOf(pick) + 1, readable.size())) {
            quarantined.add(store.quarantine(s.id())); // newer than the choice: it must never be resumed from later
        }
        return new Choice(pick, quarantined);
    }
}
