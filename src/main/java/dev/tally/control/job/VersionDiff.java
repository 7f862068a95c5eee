package dev.tally.control.job;

import dev.tally.engine.snapshot.Compatibility;
import dev.tally.engine.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The structural difference between two versions of a job: every changed leaf of the spec as written (JSON
 * pointer, old value, new value), each classified by {@link Compatibility} — the rules a restore applies — as
 * keeping the window state usable or not. A leaf that no compatibility rule covers (the description, lookups,
 * the watermark emission) does not touch state. Immutable.
 *
 * @param job             the job's name
 * @param from            the older side's version number
 * @param to              the newer side's version number
 * @param stateCompatible whether a savepoint of {@code from} can be restored into {@code to} without a policy
 * @param changes         every changed leaf, in pointer order
 */
public record VersionDiff(String job, int from, int to, boolean stateCompatible, List<Change> changes) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * One changed leaf.
     *
     * @param field           JSON pointer, e.g. {@code /window/size}
     * @param from            the value in the older version as written (null when absent there)
     * @param to              the value in the newer version (null when absent there)
     * @param stateCompatible whether the window state stays usable with this change
     * @param reason          why, from the compatibility rules
     */
    public record Change(String field, String from, String to, boolean stateCompatible, String reason) {
    }

    /** Compares version {@code a} (older side) with {@code b}. */
    public static VersionDiff of(JobVersion a, JobVersion b) {
        JobSpec specA = JobService.spec(a);
        JobSpec specB = JobService.spec(b);
        Compatibility.Report report = Compatibility.check(specA, specB);
        List<Change> changes = new ArrayList<>();
        diff("", JSON.readTree(a.getSpecJson()), JSON.readTree(b.getSpecJson()), report, changes);
        return new VersionDiff(a.getJob().getName(), a.getVersion(), b.getVersion(), report.compatible(), changes);
    }

    private static void diff(String path, JsonNode a, JsonNode b, Compatibility.Report report, List<Change> out) {
        if (a != null && b != null && a.equals(b)) {
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.propertyNames().forEach(names::add);
            b.propertyNames().forEach(names::add);
            for (String n : names) {
                diff(path + "/" + n.replace("~", "~0").replace("/", "~1"), a.get(n), b.get(n), report, out);
            }
            return;
        }
        if (a != null && b != null && a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                diff(path + "/" + i, a.get(i), b.get(i), report, out);
            }
            return;
        }
        Compatibility.Change rule = rule(path, report);
        out.add(new Change(path, text(a), text(b), rule == null || rule.compatible(),
                rule == null ? "does not affect window state" : rule.reason()));
    }

    /** The compatibility finding that covers {@code path} (one is a prefix of the other), or null. */
    private static Compatibility.Change rule(String path, Compatibility.Report report) {
        for (Compatibility.Change c : report.changes()) {
            if (covers(c.field(), path) || covers(path, c.field())) {
                return c;
            }
        }
        return null;
    }

    private static boolean covers(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static String text(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return null;
        }
        return n.isString() ? n.asString() : n.toString();
    }
}
