package dev.tally.engine.spec;

import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Copies a JSON tree with object keys sorted, so equal specs have equal text and hash. */
final class Canonical {

    private Canonical() {
    }

    static ObjectNode sorted(JsonNode node) {
        return (ObjectNode) copy(node);
    }

    private static JsonNode copy(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (var e : node.properties()) {
                fields.put(e.getKey(), copy(e.getValue()));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(copy(n)));
            return out;
        }
        return node;
    }
}
