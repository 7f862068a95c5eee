package dev.tally.control.catalog;

import java.util.Optional;

/**
 * Something that needs savepoints to stay: retention and delete never remove a savepoint that any bean of this
 * type names. The deployment feature implements it for the savepoint of an operation in progress and for the
 * one the latest successful deployment of each job started from (its rollback point). Implementations must be
 * thread-safe and fast (called for every candidate of every retention pass) and must not call back into
 * {@link SavepointCatalog}'s changing methods.
 */
public interface SavepointDependents {

    /**
     * Why a savepoint must stay, for the 409 of a refused delete (for example "upgrade 12 of deployment 3 restores
     * from it"); empty when nothing here needs it.
     *
     * @param job        the job's name
     * @param snapshotId the savepoint's id
     */
    Optional<String> whyNeeded(String job, String snapshotId);
}
