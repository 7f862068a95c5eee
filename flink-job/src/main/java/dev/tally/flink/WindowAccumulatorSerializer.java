package dev.tally.flink;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.spec.AggregateSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link WindowAccumulator} with Tally's own accumulator format ({@link Aggregates#write}: the value
 * slots, then each distinct sketch's registers), then the element span and count; no Kryo. Its snapshot records
 * the aggregate kinds, so a restore into another aggregate list is refused as incompatible. Immutable apart from
 * a lazily built {@link Aggregates}; Flink duplicates it per thread.
 */
final class WindowAccumulatorSerializer extends TypeSerializer<WindowAccumulator> {

    private static final long serialVersionUID = 1L;

    private final List<AggregateSpec.Kind> kinds;
    private transient Aggregates aggregates;

    WindowAccumulatorSerializer(List<AggregateSpec.Kind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    private Aggregates aggregates() {
        if (aggregates == null) {
            aggregates = aggregates(kinds);
        }
        return aggregates;
    }

    /** Tally's aggregates of these kinds (names and fields play no part in accumulating). */
    static Aggregates aggregates(List<AggregateSpec.Kind> kinds) {
        List<AggregateSpec> specs = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            specs.add(new AggregateSpec("a" + i, kinds.get(i), null));
        }
        return new Aggregates(specs);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<WindowAccumulator> duplicate() {
        return new WindowAccumulatorSerializer(kinds);
    }

    @Override
    public WindowAccumulator createInstance() {
        return new WindowAccumulator(aggregates().create());
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            aggregates().write(from.values, new DataOutputStream(bytes));
            WindowAccumulator copy = new WindowAccumulator(
                    aggregates().read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            copy.minTimestamp = from.minTimestamp;
            copy.maxTimestamp = from.maxTimestamp;
            copy.elements = from.elements;
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from, WindowAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowAccumulator acc, DataOutputView out) throws IOException {
        aggregates().write(acc.values, out);
        out.writeLong(acc.minTimestamp);
        out.writeLong(acc.maxTimestamp);
        out.writeLong(acc.elements);
    }

    @Override
    public WindowAccumulator deserialize(DataInputView in) throws IOException {
        WindowAccumulator acc = new WindowAccumulator(aggregates().read(in));
        acc.minTimestamp = in.readLong();
        acc.maxTimestamp = in.readLong();
        acc.elements = in.readLong();
        return acc;
    }

    @Override
    public WindowAccumulator deserialize(WindowAccumulator reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowAccumulatorSerializer s && s.kinds.equals(kinds);
    }

    @Override
    public int hashCode() {
        return kinds.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<WindowAccumulator> snapshotConfiguration() {
        return new Snapshot(kinds);
    }

    /** The serializer's configuration in savepoints: the aggregate kinds, in order. */
    public static final class Snapshot implements TypeSerializerSnapshot<WindowAccumulator> {

        private List<AggregateSpec.Kind> kinds;

        /** For Flink, which reads the configuration with {@link #readSnapshot}. */
        public Snapshot() {
        }

        Snapshot(List<AggregateSpec.Kind> kinds) {
            this.kinds = kinds;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(kinds.size());
            for (AggregateSpec.Kind k : kinds) {
                out.writeUTF(k.name());
            }
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
            int n = in.readInt();
            List<AggregateSpec.Kind> read = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                read.add(AggregateSpec.Kind.valueOf(in.readUTF()));
            }
            kinds = read;
        }

        @Override
        public TypeSerializer<WindowAccumulator> restoreSerializer() {
            return new WindowAccumulatorSerializer(kinds);
        }

        @Override
        public TypeSerializerSchemaCompatibility<WindowAccumulator> resolveSchemaCompatibility(
                TypeSerializerSnapshot<WindowAccumulator> old) {
            return old instanceof Snapshot s && s.kinds.equals(kinds)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
