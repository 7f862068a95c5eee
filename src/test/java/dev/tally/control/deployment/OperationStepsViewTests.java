package dev.tally.control.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorded steps of an operation read back as structured steps, in order, never dropping a line. */
class OperationStepsViewTests {

    @Test
    void readsEveryStepWithItsTimeAndNoteInOrder() {
        String text = "PLANNED 2026-11-29T21:00:00.123Z; SAVEPOINT_TAKEN 2026-11-29T21:00:01Z (0123abcd); "
                + "STOPPED 2026-11-29T21:00:02Z; ROLLING_BACK 2026-11-29T21:00:05Z (gate: no records flowing; "
                + "version 3 emitted no window results (none)); DONE 2026-11-29T21:00:06Z";
        List<OperationViews.StepView> steps = OperationViews.steps(text);
        assertThat(steps).extracting(OperationViews.StepView::step)
                .containsExactly("PLANNED", "SAVEPOINT_TAKEN", "STOPPED", "ROLLING_BACK", "DONE");
        assertThat(steps.get(0).at()).isEqualTo(Instant.parse("2026-11-29T21:00:00.123Z"));
        assertThat(steps.get(0).note()).isNull();
        assertThat(steps.get(1).note()).isEqualTo("0123abcd");
        assertThat(steps.get(3).note()).as("a note with '; ' and parentheses stays whole")
                .isEqualTo("gate: no records flowing; version 3 emitted no window results (none)");
    }

    @Test
    void keepsALineThatDoesNotParseAsItsText() {
        List<OperationViews.StepView> steps = OperationViews.steps("PLANNED 2026-11-29T21:00:00Z; something else");
        assertThat(steps).hasSize(1);
        assertThat(OperationViews.steps("garbled")).singleElement().satisfies(s -> {
            assertThat(s.step()).isEqualTo("garbled");
            assertThat(s.at()).isNull();
        });
        assertThat(OperationViews.steps("")).isEmpty();
        assertThat(OperationViews.steps(null)).isEmpty();
    }
}
