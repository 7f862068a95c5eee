package dev.tally.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one scrape of {@code /actuator/prometheus} (text format): name, labels and value per line,
 * comments skipped.
 */
record Prometheus(List<Sample> samples) {

    /** One sample line: {@code name{k="v",...} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    static Prometheus scrape(Api api) {
        Api.Response r = api.get("/actuator/prometheus");
        if (r.status() != 200) {
            throw new AssertionError("scrape answered " + r.status() + ": " + r.body());
        }
        return parse(r.body().asString());
    }

    static Prometheus parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                for (String pair : body.split("\",")) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    labels.put(pair.substring(0, eq), pair.substring(eq + 2).replaceAll("\"$", ""));
                }
            } else {
                name = line.substring(0, space);
            }
            out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return new Prometheus(out);
    }

    /** The samples named {@code name} whose labels include every one of {@code labels} (k1, v1, k2, v2...). */
    List<Sample> find(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && has(s, labels)).toList();
    }

    /** The value of the one sample named {@code name} with those labels; fails when there is none or several. */
    double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + " " + List.of(labels) + ": " + found);
        }
        return found.get(0).value();
    }

    /** Every sample with the label {@code key} = {@code value}, whatever its name. */
    List<Sample> labelled(String key, String value) {
        return samples.stream().filter(s -> value.equals(s.labels().get(key))).toList();
    }

    private static boolean has(Sample s, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
