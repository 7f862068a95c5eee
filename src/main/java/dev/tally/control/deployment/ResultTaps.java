package dev.tally.control.deployment;

import dev.tally.engine.window.WindowResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Lets other features see every window result of a job's deployment, across its runs (restores, restarts,
 * upgrades): each run the {@link DeploymentService} starts gets {@link #listener(String)} as its engine listener,
 * which hands each result to the taps registered for the job at that moment. An experiment taps its job's
 * deployment A this way to compare A's results with its own run's. Thread-safe: the engine's subtasks call the
 * listener; registering copies the job's list (rare), so the per-result path reads a volatile array only.
 */
@Component
public class ResultTaps {

    private final Map<String, List<Consumer<WindowResult>>> taps = new ConcurrentHashMap<>();

    /**
     * Starts handing the job's results to {@code tap} (on the engine's subtask threads: it must be quick and
     * thread-safe, and must not throw).
     *
     * @return closing it stops the tap
     */
    public AutoCloseable tap(String job, Consumer<WindowResult> tap) {
        taps.computeIfAbsent(job, j -> new CopyOnWriteArrayList<>()).add(tap);
        return () -> taps.computeIfPresent(job, (j, l) -> {
            l.remove(tap);
            return l.isEmpty() ? null : l;
        });
    }

    /** The listener a run of {@code job} is started with: it forwards each result to the job's taps. */
    Consumer<WindowResult> listener(String job) {
        return r -> {
            List<Consumer<WindowResult>> l = taps.get(job);
            if (l != null) {
                for (Consumer<WindowResult> t : l) {
                    t.accept(r);
                }
            }
        };
    }
}
