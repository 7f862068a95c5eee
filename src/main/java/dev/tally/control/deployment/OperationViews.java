package dev.tally.control.deployment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Operations, events and deployments as the API shows them. */
final class OperationViews {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private OperationViews() {
    }

    /**
     * An operation.
     *
     * @param id              operation id
     * @param kind            UPGRADE, RESCALE, SUSPEND, RESUME, DRAIN, CANCEL
     * @param state           RUNNING, SUCCEEDED, FAILED, ROLLED_BACK
     * @param step            last step completed
     * @param steps           every step completed, in order: {@code [{step, at, note}]}
     * @param principal       who asked
     * @param savepoint       savepoint taken or chosen (its rollback point), or null
     * @param policy          restore policy of an upgrade, or null
     * @param fromVersion     version before
     * @param toVersion       version after (as asked)
     * @param fromParallelism parallelism before
     * @param toParallelism   parallelism after (as asked)
     * @param gate            the health gate, or null
     * @param plan            the plan (an upgrade's; a rescale's with the key counts of its own savepoint)
     * @param downtimeMs      from the old run's stop to the new run running (ms), or null when not measured
     * @param error           why it failed or was rolled back, or null
     * @param startedAt       when it was asked
     * @param finishedAt      when it ended, or null
     */
    record OperationView(long id, OperationKind kind, OperationState state, OperationStep step,
            @Schema(description = "Every step completed, oldest first: the step (PLANNED, SAVEPOINT_TAKEN, "
                    + "STOPPED, STARTED, GATE_PASSED, ROLLING_BACK, DONE), when (ISO-8601 UTC) and its note "
                    + "(for example the savepoint's id, or why it rolled back), or null") List<StepView> steps,
            String principal, String savepoint, String policy, int fromVersion, int toVersion, int fromParallelism,
            int toParallelism, String gate, JsonNode plan, Long downtimeMs, String error, Instant startedAt,
            Instant finishedAt) {

        static OperationView of(DeploymentOperation o) {
            return new OperationView(o.getId(), o.getKind(), o.getState(), o.getStep(), OperationViews.steps(o.getSteps()),
                    o.getPrincipal(), o.getSavepointId(), o.getPolicy(), o.getFromVersion(), o.getToVersion(),
                    o.getFromParallelism(), o.getToParallelism(), o.getGate(),
                    o.getPlanJson() == null ? null : JSON.readTree(o.getPlanJson()), o.getDowntimeMs(), o.getError(),
                    o.getStartedAt(), o.getFinishedAt());
        }
    }

    /**
     * One completed step of an operation.
     *
     * @param step what was done (an {@link OperationStep} name)
     * @param at   when (UTC)
     * @param note details (the savepoint's id, why it rolled back), or null
     */
    record StepView(String step, Instant at, String note) {
    }

    /** One recorded step line: {@code STEP <instant>} with an optional {@code  (note)}. */
    private static final Pattern STEP = Pattern.compile("(?s)([A-Z_]+) (\\S+?)(?: \\((.*)\\))?");
    /** Where one step line ends: before "; " and the next step's name and time. */
    private static final Pattern NEXT = Pattern.compile("; (?=[A-Z_]+ \\d{4}-\\d{2}-\\d{2}T)");

    /**
     * The steps of an operation from their recorded text ({@code PLANNED <instant>; SAVEPOINT_TAKEN <instant>
     * (note); ...}, see {@link DeploymentOperation#getSteps()}), in order; a line that does not parse is kept as
     * a step with that text, no time and no note (never dropped).
     */
    static List<StepView> steps(String text) {
        List<StepView> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String line : NEXT.split(text)) {
            Matcher m = STEP.matcher(line.strip());
            Instant at = null;
            if (m.matches()) {
                try {
                    at = Instant.parse(m.group(2));
                } catch (java.time.format.DateTimeParseException e) {
                    at = null;
                }
            }
            out.add(at == null ? new StepView(line.strip(), null, null) : new StepView(m.group(1), at, m.group(3)));
        }
        return out;
    }

    /**
     * One entry of a deployment's timeline.
     *
     * @param at          when
     * @param type        what (OBSERVED, PLANNED, SAVEPOINT_TAKEN, STOPPED, STARTED, GATE_PASSED, ROLLING_BACK,
     *                    ROLLED_BACK, SUCCEEDED, FAILED, RECONCILING, ...)
     * @param fromStatus  observed status before
     * @param toStatus    observed status after
     * @param message     details
     * @param operationId the operation it belongs to, or null
     */
    record EventView(long id, Instant at, String type, DeploymentStatus fromStatus, DeploymentStatus toStatus,
            String message, Long operationId) {

        static EventView of(DeploymentEvent e) {
            return new EventView(e.getId(), e.getAt(), e.getType(), e.getFromStatus(), e.getToStatus(),
                    e.getMessage(), e.getOperationId());
        }
    }

    /**
     * A deployment: desired against observed, with the operation in progress.
     *
     * @param desiredState      RUNNING, SUSPENDED, CANCELLED or STOPPED
     * @param version           desired version
     * @param parallelism       desired parallelism (the version's unless a rescale set it)
     * @param status            observed status
     * @param lastError         last error, or null
     * @param observedVersion     the version the engine actually runs (its run's), or null when nothing runs
     * @param observedParallelism the parallelism the engine actually runs at, or null when nothing runs
     * @param restoredFrom      the savepoint the current run was started from by an operation, or null
     * @param operationInProgress id of the operation in progress, or null
     */
    record DeploymentState(long id, DesiredState desiredState, int version, int parallelism,
            DeploymentStatus status, String lastError,
            @Schema(description = "Version of the run in the engine now; null when nothing runs. Differs from "
                    + "version while an upgrade or rollback is under way") Integer observedVersion,
            @Schema(description = "Parallelism of the run in the engine now; null when nothing runs. Differs "
                    + "from parallelism while a rescale is under way") Integer observedParallelism,
            String restoredFrom, Long operationInProgress, Instant updatedAt) {
    }
}
