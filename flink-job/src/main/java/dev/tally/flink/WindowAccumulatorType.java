package dev.tally.flink;

import dev.tally.engine.spec.AggregateSpec;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link WindowAccumulator}: always {@link WindowAccumulatorSerializer}. Immutable. */
final class WindowAccumulatorType extends TypeInformation<WindowAccumulator> {

    private static final long serialVersionUID = 1L;

    private final List<AggregateSpec.Kind> kinds;

    WindowAccumulatorType(List<AggregateSpec> specs) {
        this.kinds = specs.stream().map(AggregateSpec::kind).toList();
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<WindowAccumulator> getTypeClass() {
        return WindowAccumulator.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<WindowAccumulator> createSerializer(SerializerConfig config) {
        return new WindowAccumulatorSerializer(kinds);
    }

    @Override
    public String toString() {
        return "WindowAccumulator" + kinds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowAccumulatorType t && t.kinds.equals(kinds);
    }

    @Override
    public int hashCode() {
        return kinds.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof WindowAccumulatorType;
    }
}
