package dev.tally.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.control.compare.Comparison;
import dev.tally.control.compare.ComparisonReport;
import dev.tally.control.compare.ComparisonStore;
import dev.tally.control.compare.Side;
import dev.tally.engine.aggregate.ResultValues;
import dev.tally.engine.window.Firing;
import dev.tally.engine.window.WindowResult;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Comparison reports survive in the database as they were (Flyway schema, Jackson round trip). */
class ComparisonStoreEndToEndTests extends EndToEndSupport {

    @Autowired
    ComparisonStore store;

    @Test
    void aSavedReportReadsBackEqualAndIsReplacedBySaveAndGoneAfterDelete() {
        Comparison c = new Comparison(List.of("views", "revenue"), 0);
        c.accept(Side.A, new WindowResult("x", 0, 10, ResultValues.of(3L, 1.5), Firing.ON_TIME, 0));
        c.accept(Side.B, new WindowResult("x", 0, 10, ResultValues.of(4L, 1.5), Firing.ON_TIME, 0));
        c.accept(Side.A, new WindowResult("big", 0, 10, ResultValues.of(BigInteger.TWO.pow(100), null),
                Firing.ON_TIME, 0));
        c.finish();
        ComparisonReport report = c.report();
        store.save("replay", 41, report);
        ComparisonReport read = store.find("replay", 41).orElseThrow();
        assertThat(read.match()).isEqualTo(report.match());
        assertThat(read.differ()).isEqualTo(1);
        assertThat(read.onlyA()).isEqualTo(1);
        assertThat(read.windows()).isEqualTo(report.windows());
        assertThat(read.topDifferences()).extracting(ComparisonReport.KeyDifference::key).containsExactly("big", "x");
        assertThat(read.topDifferences().get(0).a().get("views").toString()).isEqualTo(BigInteger.TWO.pow(100).toString());
        assertThat(read.finished()).isTrue();
        assertThat(store.find("experiment", 41)).isEmpty();

        c = new Comparison(List.of("views"), 0);
        c.finish();
        store.save("replay", 41, c.report());
        assertThat(store.find("replay", 41).orElseThrow().windowsCompared()).isZero();
        store.delete("replay", 41);
        assertThat(store.find("replay", 41)).isEmpty();
    }

    @Test
    void refusesAnOwnerKindOutsideItsForm() {
        assertThatThrownBy(() -> store.find("Replay:1", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ownerKind");
    }
}
