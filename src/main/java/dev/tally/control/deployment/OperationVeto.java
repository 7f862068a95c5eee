package dev.tally.control.deployment;

import java.util.Optional;

/**
 * Something that forbids some operations on a job's deployment for a while, for example a running experiment
 * that compares its own run with the deployment's: an upgrade, suspend, drain, cancel or stop of the deployment
 * would end what it compares against. Consulted before an operation is recorded; implementations must be quick
 * and thread-safe.
 */
public interface OperationVeto {

    /**
     * Why {@code kind} must not happen to the job's deployment now, for the 409 of the refused request.
     *
     * @param job  the job's name
     * @param kind the operation asked for; {@code null} for a plain stop of the deployment
     * @return the reason, or empty to allow it
     */
    Optional<String> whyRefused(String job, OperationKind kind);
}
