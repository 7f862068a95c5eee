package dev.tally.engine.runtime;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.expr.Evaluator;
import dev.tally.engine.expr.Expression;
import dev.tally.engine.expr.ExpressionException;
import dev.tally.engine.expr.Expressions;
import dev.tally.engine.expr.Lookup;
import dev.tally.engine.expr.Row;
import dev.tally.engine.expr.Values;
import dev.tally.engine.io.decode.FieldLayout;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.EvictorSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.spec.SpecException;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.window.TimeWindows;
import dev.tally.engine.window.WindowOperators;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job spec compiled for execution: the fields to decode, the compiled expressions, the layout of an element's
 * inputs (one per aggregate, plus the delta evictor's value when it has its own field). Compiling checks what
 * needs the engine (expressions against the declared lookups, lookup files) and reports problems with JSON
 * pointers. Immutable and thread-safe.
 */
public final class JobPlan {

    private static final Hasher64 HASH = Hashing.komihash5_0();

    final JobSpec spec;
    final FieldLayout layout;
    final TimeSpec.Mode mode;
    final int timeSlot;
    final Evaluator filter;
    final Evaluator key;
    final Evaluator[] inputs;
    final boolean[] distinct;
    final Aggregates aggregates;
    final int stride;
    final int deltaColumn;
    final int parallelism;
    final int maxParallelism;
    final boolean keepRaw;
    /** The windows, when readers may pre-aggregate for them (see {@link Combiner}); else null. */
    final TimeWindows partialWindows;

    /** A plan from its parts ({@link #compile} makes them; tests substitute an evaluator). */
    JobPlan(JobSpec spec, FieldLayout layout, Evaluator filter, Evaluator key, Evaluator[] inputs) {
        this.spec = spec;
        this.layout = layout;
        this.mode = spec.time().mode();
        this.timeSlot = mode == TimeSpec.Mode.EVENT ? layout.slot(spec.time().field()) : -1;
        this.filter = filter;
        this.key = key;
        this.inputs = inputs;
        this.distinct = new boolean[spec.aggregates().size()];
        for (int i = 0; i < distinct.length; i++) {
            distinct[i] = spec.aggregates().get(i).kind() == AggregateSpec.Kind.DISTINCT;
        }
        this.aggregates = new Aggregates(spec.aggregates());
        this.stride = inputs.length;
        this.deltaColumn = inputs.length > spec.aggregates().size() ? spec.aggregates().size() : 0;
        this.parallelism = spec.parallelism();
        this.maxParallelism = spec.maxParallelism();
        this.keepRaw = spec.hasOutput(SinkSpec.Output.LATE);
        // a late output needs every late element's record, which a partial no longer has
        this.partialWindows = keepRaw ? null : WindowOperators.partialWindows(spec, aggregates);
    }

    /** Compiles a spec; lookup files are resolved against {@code workDir}. */
    public static JobPlan compile(JobSpec spec, Path workDir) {
        Map<String, Lookup> tables = LookupFiles.load(spec.lookups(), workDir);
        List<Expression> parsed = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        add(parsed, pointers, spec.filter(), "/filter");
        add(parsed, pointers, spec.key(), "/key");
        for (int i = 0; i < spec.aggregates().size(); i++) {
            add(parsed, pointers, spec.aggregates().get(i).field(), "/aggregates/" + i + "/field");
        }
        EvictorSpec ev = spec.evictor();
        boolean deltaField = ev != null && ev.kind() == EvictorSpec.Kind.DELTA && ev.field() != null;
        if (deltaField) {
            add(parsed, pointers, ev.field(), "/evictor/field");
        }
        List<String> fields = new ArrayList<>();
        if (spec.time().mode() == TimeSpec.Mode.EVENT) {
            fields.add(spec.time().field());
        }
        parsed.stream().filter(e -> e != null).forEach(e -> fields.addAll(e.fields()));
        FieldLayout layout = new FieldLayout(fields);
        if (spec.time().mode() == TimeSpec.Mode.EVENT && spec.time().format() == TimeSpec.Format.EPOCH_MILLIS) {
            layout.readDigits(spec.time().field()); // the hot path reads it as a long, without a String
        }
        List<SpecError> errors = new ArrayList<>();
        List<Evaluator> compiled = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            compiled.add(compile(parsed.get(i), layout, tables, pointers.get(i), errors));
        }
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        int n = spec.aggregates().size();
        Evaluator[] in = new Evaluator[n + (deltaField ? 1 : 0)];
        for (int i = 0; i < in.length; i++) {
            in[i] = compiled.get(2 + i);
        }
        return new JobPlan(spec, layout, compiled.get(0), compiled.get(1), in);
    }

    private static void add(List<Expression> parsed, List<String> pointers, String text, String pointer) {
        try {
            parsed.add(text == null ? null : Expressions.parse(text));
        } catch (ExpressionException e) {
            throw new SpecException(pointer, e.getMessage());
        }
        pointers.add(pointer);
    }

    private static Evaluator compile(Expression e, FieldLayout layout, Map<String, Lookup> tables, String pointer,
            List<SpecError> errors) {
        if (e == null) {
            return null;
        }
        try {
            return e.compile(layout::slot, tables);
        } catch (ExpressionException ex) {
            errors.add(new SpecError(pointer, ex.getMessage()));
            return null;
        }
    }

    /** Evaluates the element inputs of a row into {@code out}: numbers, or raw-bit hashes for distinct. */
    void inputs(Row row, double[] out) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                out[i] = Double.NaN;
            } else if (i < distinct.length && distinct[i]) {
                String text = Values.text(inputs[i].eval(row));
                out[i] = Double.longBitsToDouble(text == null ? 0 : HASH.hashCharsToLong(text) | 1);
            } else {
                out[i] = Values.numberOrNaN(inputs[i].eval(row));
            }
        }
    }

    public JobSpec spec() {
        return spec;
    }
}
