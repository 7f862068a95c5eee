package dev.tally.control.web;

import dev.tally.control.system.TallyProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Hides the server's file system in texts that go into responses: the data directory becomes
 * {@code <data-dir>}, paths under the working directory become relative (as the user wrote them in a spec),
 * and any other absolute path whose first name is a directory at the file system's root ({@code /home/...},
 * {@code /tmp/...}) becomes {@code <path>}; JSON pointers such as {@code /lookups/0/file} stay. Thread-safe
 * (immutable).
 */
@Component
public class ServerPaths {

    /** An absolute path of two or more names after the start, a space, a quote, a bracket, '=' or ':'. */
    private static final Pattern ABSOLUTE = Pattern.compile("(^|[\\s'\"(\\[=:])/([^\\s/'\"]+)(/[^\\s'\"):\\]]*)+");

    private final String data;
    private final String work;

    @org.springframework.beans.factory.annotation.Autowired
    ServerPaths(TallyProperties props) {
        this(props.dataPath(), props.workPath());
    }

    ServerPaths(Path data, Path work) {
        this.data = data.toString();
        this.work = work.toString();
    }

    /** {@code text} without server paths; null stays null. */
    public String hide(String text) {
        if (text == null) {
            return null;
        }
        String s = text.replace(data, "<data-dir>").replace(work + "/", "").replace(work, ".");
        return ABSOLUTE.matcher(s).replaceAll(m -> Files.isDirectory(Path.of("/", m.group(2)))
                ? Matcher.quoteReplacement(m.group(1) + "<path>") : Matcher.quoteReplacement(m.group()));
    }
}
