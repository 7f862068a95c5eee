package dev.tally.engine.runtime;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import dev.tally.engine.EngineConfig;
import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.aggregate.Inputs;
import dev.tally.engine.expr.Evaluator;
import dev.tally.engine.expr.Expression;
import dev.tally.engine.expr.ExpressionException;
import dev.tally.engine.expr.Expressions;
import dev.tally.engine.expr.Lookup;
import dev.tally.engine.expr.Values;
import dev.tally.engine.io.decode.DecodedRow;
import dev.tally.engine.io.decode.FieldLayout;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.EvictorSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SinkSpec;
import dev.tally.engine.spec.SourceSpec;
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
 *
 * <p>An input is an exact integer or a decimal, as the README's "Integers and decimals" says: a plain field gives
 * an integer for a JSON integer literal (no fraction, no exponent) or a string holding one ({@code "-42"}) within
 * the 64-bit range, a decimal for any other number or numeric string; a computed expression (arithmetic,
 * functions) computes in doubles, and its value is an integer when it is whole and within ±2^53 (where doubles are
 * exact), else a decimal.
 */
public final class JobPlan {

    private static final Hasher64 HASH = Hashing.komihash5_0();
    private static final double EXACT_DOUBLE = 0x1p53;

    final JobSpec spec;
    final FieldLayout layout;
    final TimeSpec.Mode mode;
    final int timeSlot;
    final Evaluator filter;
    final Evaluator key;
    final Evaluator[] inputs;
    /** Per input, the row slot of its field when the input is nothing but a field (read exactly), else -1. */
    final int[] inputSlots;
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
    JobPlan(JobSpec spec, FieldLayout layout, Evaluator filter, Evaluator key, Evaluator[] inputs,
            int[] inputSlots) {
        this.spec = spec;
        this.layout = layout;
        this.mode = spec.time().mode();
        this.timeSlot = mode == TimeSpec.Mode.EVENT ? layout.slot(spec.time().field()) : -1;
        this.filter = filter;
        this.key = key;
        this.inputs = inputs;
        this.inputSlots = inputSlots;
        this.distinct = new boolean[spec.aggregates().size()];
        for (int i = 0; i < distinct.length; i++) {
            distinct[i] = spec.aggregates().get(i).kind() == AggregateSpec.Kind.DISTINCT;
        }
        this.aggregates = new Aggregates(spec.aggregates());
        this.stride = inputs.length * Inputs.SLOTS;
        this.deltaColumn = inputs.length > spec.aggregates().size() ? spec.aggregates().size() : 0;
        this.parallelism = spec.parallelism();
        this.maxParallelism = spec.maxParallelism();
        this.keepRaw = spec.hasOutput(SinkSpec.Output.LATE);
        // a late output needs every late element's record, which a partial no longer has
        this.partialWindows = keepRaw ? null : WindowOperators.partialWindows(spec, aggregates);
    }

    /** Compiles a spec; lookup files are resolved against {@code workDir}, trusting the spec's paths. */
    public static JobPlan compile(JobSpec spec, Path workDir) {
        return compile(spec, EngineConfig.defaults(null, workDir));
    }

    /**
     * Compiles a spec for an engine: lookup files are resolved against its work directory and, when it confines
     * specs, checked as {@link SpecConfinement} says, as are a file source's path and the Kafka address.
     *
     * @throws SpecException with the pointer of each field that cannot be used
     */
    public static JobPlan compile(JobSpec spec, EngineConfig config) {
        if (spec.source() != null && spec.source().kind() == SourceSpec.Kind.FILE && spec.source().path() != null) {
            SpecConfinement.file(config, spec.source().path(), "/source/path");
        }
        SpecConfinement.bootstrap(spec, config);
        Map<String, Lookup> tables = LookupFiles.load(spec.lookups(), config);
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
        int[] slots = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = compiled.get(2 + i);
            String path = parsed.get(2 + i) == null ? null : parsed.get(2 + i).fieldPath();
            slots[i] = path == null ? -1 : layout.slot(path);
        }
        return new JobPlan(spec, layout, compiled.get(0), compiled.get(1), in, slots);
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

    /**
     * Evaluates the element inputs of a row into {@code out}, laid out as {@link Inputs} says: integers, decimals,
     * or hashes for distinct.
     */
    void inputs(DecodedRow row, long[] out) {
        for (int i = 0; i < inputs.length; i++) {
            int at = i * Inputs.SLOTS;
            if (inputs[i] == null) {
                Inputs.none(out, at);
            } else if (i < distinct.length && distinct[i]) {
                String text = Values.text(inputs[i].eval(row));
                if (text == null) {
                    Inputs.none(out, at);
                } else {
                    Inputs.integer(out, at, HASH.hashCharsToLong(text) | 1);
                }
            } else if (inputSlots[i] >= 0) {
                int slot = inputSlots[i];
                if (row.isInteger(slot) || row.hasLong(slot)) {
                    Inputs.integer(out, at, row.longValue(slot));
                } else {
                    fieldValue(row.get(slot), out, at);
                }
            } else {
                computedValue(inputs[i].eval(row), out, at);
            }
        }
    }

    /** A field's value other than an integer literal: a decimal, a numeric string, or no number. */
    private static void fieldValue(Object v, long[] out, int at) {
        if (v instanceof Double d) {
            Inputs.decimal(out, at, d);
        } else if (v instanceof String s) {
            text(s, out, at);
        } else {
            Inputs.none(out, at);
        }
    }

    /** An expression's value: whole doubles within ±2^53 are integers. */
    private static void computedValue(Object v, long[] out, int at) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) <= EXACT_DOUBLE) {
                Inputs.integer(out, at, d.longValue());
            } else {
                Inputs.decimal(out, at, d);
            }
        } else if (v instanceof String s) {
            text(s, out, at);
        } else {
            Inputs.none(out, at);
        }
    }

    /** A numeric string: an integer when it is one ({@code -?[0-9]+}) within the 64-bit range, else a decimal. */
    private static void text(String s, long[] out, int at) {
        int n = s.length();
        boolean negative = n > 1 && s.charAt(0) == '-';
        int i = negative ? 1 : 0;
        long v = 0; // accumulated negatively, as Long.parseLong does
        boolean whole = i < n;
        for (; i < n && whole; i++) {
            int d = s.charAt(i) - '0';
            whole = d >= 0 && d <= 9 && (v > Long.MIN_VALUE / 10 || (v == Long.MIN_VALUE / 10 && d <= 8));
            v = v * 10 - d;
        }
        if (whole && (negative || v != Long.MIN_VALUE)) {
            Inputs.integer(out, at, negative ? v : -v);
        } else {
            Inputs.decimal(out, at, Values.numberOrNaN(s));
        }
    }

    public JobSpec spec() {
        return spec;
    }
}
