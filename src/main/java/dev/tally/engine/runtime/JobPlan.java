package dev.tally.engine.runtime;

import dev.tally.engine.aggregate.Aggregates;
import dev.tally.engine.expr.Evaluator;
import dev.tally.engine.expr.Expression;
import dev.tally.engine.expr.ExpressionException;
import dev.tally.engine.expr.Expressions;
import dev.tally.engine.expr.Lookup;
import dev.tally.engine.io.decode.FieldLayout;
import dev.tally.engine.spec.AggregateSpec;
import dev.tally.engine.spec.JobSpec;
import dev.tally.engine.spec.SourceSpec;
import dev.tally.engine.spec.SpecError;
import dev.tally.engine.spec.SpecException;
import dev.tally.engine.spec.TimeSpec;
import dev.tally.engine.spec.WindowSpec;
import dev.tally.engine.window.TumblingWindows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job spec compiled for execution: the fields to decode, the compiled expressions, the window assigner and
 * aggregates. Compiling checks everything that needs the engine (expressions against declared lookups, lookup
 * files, features this engine runs) and reports problems with JSON pointers. Immutable.
 */
public final class JobPlan {

    final JobSpec spec;
    final FieldLayout layout;
    final int timeSlot;
    final Evaluator filter;
    final Evaluator key;
    final Evaluator[] inputs;
    final Aggregates aggregates;
    final TumblingWindows windows;

    private JobPlan(JobSpec spec, FieldLayout layout, int timeSlot, Evaluator filter, Evaluator key,
            Evaluator[] inputs) {
        this.spec = spec;
        this.layout = layout;
        this.timeSlot = timeSlot;
        this.filter = filter;
        this.key = key;
        this.inputs = inputs;
        this.aggregates = new Aggregates(spec.aggregates());
        this.windows = new TumblingWindows(spec.window().size().toMillis(), spec.window().offset().toMillis());
    }

    /** Compiles a spec; lookup files are resolved against {@code workDir}. */
    public static JobPlan compile(JobSpec spec, Path workDir) {
        List<SpecError> errors = new ArrayList<>(Support.check(spec));
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        Map<String, Lookup> tables = LookupFiles.load(spec.lookups(), workDir);
        Expression filter = spec.filter() == null ? null : Expressions.parse(spec.filter());
        Expression key = spec.key() == null ? null : Expressions.parse(spec.key());
        List<Expression> inputs = new ArrayList<>();
        for (AggregateSpec a : spec.aggregates()) {
            inputs.add(a.field() == null ? null : Expressions.parse(a.field()));
        }
        List<String> fields = new ArrayList<>();
        if (spec.time().mode() == TimeSpec.Mode.EVENT) {
            fields.add(spec.time().field());
        }
        for (Expression e : all(filter, key, inputs)) {
            fields.addAll(e.fields());
        }
        FieldLayout layout = new FieldLayout(fields);
        int timeSlot = spec.time().mode() == TimeSpec.Mode.EVENT ? layout.slot(spec.time().field()) : -1;
        Evaluator f = compile(filter, layout, tables, "/filter", errors);
        Evaluator k = compile(key, layout, tables, "/key", errors);
        Evaluator[] in = new Evaluator[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = compile(inputs.get(i), layout, tables, "/aggregates/" + i + "/field", errors);
        }
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        return new JobPlan(spec, layout, timeSlot, f, k, in);
    }

    private static List<Expression> all(Expression filter, Expression key, List<Expression> inputs) {
        List<Expression> out = new ArrayList<>();
        if (filter != null) {
            out.add(filter);
        }
        if (key != null) {
            out.add(key);
        }
        inputs.stream().filter(e -> e != null).forEach(out::add);
        return out;
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

    public JobSpec spec() {
        return spec;
    }

    /** What this engine version runs; the rest of the spec vocabulary is accepted by the parser only. */
    static final class Support {

        private Support() {
        }

        static List<SpecError> check(JobSpec spec) {
            List<SpecError> errors = new ArrayList<>();
            if (spec.source().kind() != SourceSpec.Kind.KAFKA) {
                errors.add(new SpecError("/source/kind", "only kafka sources run in this version"));
            }
            if (spec.time().mode() != TimeSpec.Mode.EVENT) {
                errors.add(new SpecError("/time/mode", "only event time runs in this version"));
            }
            if (spec.window().kind() != WindowSpec.Kind.TUMBLING) {
                errors.add(new SpecError("/window/kind", "only tumbling windows run in this version"));
            }
            if (spec.trigger() != null) {
                errors.add(new SpecError("/trigger", "custom triggers do not run in this version"));
            }
            if (spec.parallelism() != 1) {
                errors.add(new SpecError("/parallelism", "only parallelism 1 runs in this version"));
            }
            for (int i = 0; i < spec.sinks().size(); i++) {
                errors.add(new SpecError("/sinks/" + i, "only the result table runs in this version"));
            }
            return errors;
        }
    }
}
