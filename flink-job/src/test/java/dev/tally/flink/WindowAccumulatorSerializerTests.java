package dev.tally.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.Inputs;
import dev.tally.engine.spec.AggregateSpec;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The accumulator's own Flink serializer: round trips, copies, and its snapshot's compatibility rules. */
class WindowAccumulatorSerializerTests {

    private static final List<AggregateSpec> SPECS = List.of(AggregateSpec.count("n"),
            new AggregateSpec("total", AggregateSpec.Kind.SUM, "v"),
            new AggregateSpec("users", AggregateSpec.Kind.DISTINCT, "user"));

    private static WindowAccumulator filled() {
        TallyAggregate aggregate = new TallyAggregate(SPECS);
        WindowAccumulator acc = aggregate.createAccumulator();
        for (int i = 0; i < 500; i++) {
            TallyElement e = new TallyElement();
            e.timestamp = 1000 + i;
            e.inputs = new long[3 * Inputs.SLOTS];
            Inputs.integer(e.inputs, Inputs.SLOTS, Long.MAX_VALUE - i); // sums past the 64-bit range
            Inputs.integer(e.inputs, 2 * Inputs.SLOTS, 0x9E3779B97F4A7C15L * (i % 200) | 1);
            aggregate.add(e, acc);
        }
        return acc;
    }

    private static String text(WindowAccumulator acc) {
        return new Aggregates(SPECS).results(acc.values) + " " + acc.minTimestamp + ".." + acc.maxTimestamp + " "
                + acc.elements;
    }

    @Test
    void roundTripsValuesSketchesAndSpan() throws Exception {
        WindowAccumulatorSerializer serializer = new WindowAccumulatorSerializer(
                SPECS.stream().map(AggregateSpec::kind).toList());
        WindowAccumulator acc = filled();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(acc, out);
        WindowAccumulator back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(text(back)).isEqualTo(text(acc)).contains("1000..1499 500");
        assertThat(text(serializer.copy(acc))).isEqualTo(text(acc));
    }

    @Test
    void aSnapshotRestoresTheSameSerializerAndRefusesOtherAggregates() throws Exception {
        List<AggregateSpec.Kind> kinds = SPECS.stream().map(AggregateSpec::kind).toList();
        TypeSerializerSnapshot<WindowAccumulator> written = new WindowAccumulatorSerializer(kinds)
                .snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, written);
        TypeSerializerSnapshot<WindowAccumulator> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializer<WindowAccumulator> restored = read.restoreSerializer();
        assertThat(restored).isEqualTo(new WindowAccumulatorSerializer(kinds));

        assertThat(new WindowAccumulatorSerializer(kinds).snapshotConfiguration().resolveSchemaCompatibility(read)
                .isCompatibleAsIs()).isTrue();
        assertThat(new WindowAccumulatorSerializer(List.of(AggregateSpec.Kind.COUNT)).snapshotConfiguration()
                .resolveSchemaCompatibility(read).isIncompatible()).isTrue();
    }
}
