package dev.tally.control.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.control.web.ConflictException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One operation per job, refused with its name; a health gate survives its stored form and refuses bad fields. */
class OperationGuardTests {

    @Test
    void refusesASecondOperationNamingTheFirstAndFreesTheJobAfterward() {
        OperationGuard guard = new OperationGuard();
        guard.acquire("j", OperationKind.UPGRADE);
        assertThatThrownBy(() -> guard.acquire("j", OperationKind.RESCALE)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("UPGRADE");
        guard.recorded("j", 7, OperationKind.UPGRADE);
        assertThatThrownBy(() -> guard.refuseIfBusy("j")).hasMessageContaining("UPGRADE (operation 7)")
                .hasMessageContaining("/api/jobs/j/deployment/operations/7");
        guard.refuseIfBusy("other");
        guard.release("j");
        assertThat(guard.isBusy("j")).isFalse();
        guard.acquire("j", OperationKind.SUSPEND);
        assertThat(guard.isBusy("j")).isTrue();
    }

    @Test
    void aHealthGateIsStoredAndReadBackAndRefusesOutOfRangeFields() {
        HealthGate gate = new HealthGate(3, false, true, Duration.ofMillis(2500));
        assertThat(HealthGate.parse(gate.describe())).isEqualTo(gate);
        assertThat(HealthGate.parse(HealthGate.UPGRADE.describe())).isEqualTo(HealthGate.UPGRADE);
        assertThatThrownBy(() -> new HealthGate(-1, true, true, Duration.ofSeconds(5)))
                .hasMessageStartingWith("gate.checkpoints:");
        assertThatThrownBy(() -> new HealthGate(1, true, true, Duration.ofMillis(10)))
                .hasMessageStartingWith("gate.timeout:");
        assertThatThrownBy(() -> new HealthGate(1, true, true, Duration.ofHours(1)))
                .hasMessageStartingWith("gate.timeout:");
    }
}
