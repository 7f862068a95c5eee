package dev.tally.engine.runtime;

import dev.tally.engine.EngineConfig;
import dev.tally.engine.expr.Lookup;
import dev.tally.engine.expr.TextTable;
import dev.tally.engine.spec.LookupSpec;
import dev.tally.engine.spec.SpecException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads lookup tables from CSV files (a header line, then {@code key,value} lines) that a spec may read. */
final class LookupFiles {

    private LookupFiles() {
    }

    static Map<String, Lookup> load(List<LookupSpec> specs, EngineConfig config) {
        Map<String, Lookup> tables = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            LookupSpec spec = specs.get(i);
            String pointer = "/lookups/" + i + "/file";
            Path file = SpecConfinement.file(config, spec.file(), pointer);
            if (!Files.isRegularFile(file)) {
                throw new SpecException(pointer, "file not found: " + spec.file());
            }
            Map<String, String> rows = new HashMap<>();
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line = in.readLine();
                int n = 1;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    int comma = line.indexOf(',');
                    if (comma < 0) {
                        throw new SpecException(pointer, spec.file() + " line " + n + ": expected key,value");
                    }
                    rows.put(line.substring(0, comma).trim(), line.substring(comma + 1).trim());
                }
            } catch (IOException e) {
                throw new SpecException(pointer, "cannot read " + spec.file());
            }
            tables.put(spec.name(), new TextTable(rows));
        }
        return tables;
    }
}
