package dev.tally.flink;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each output record's value as one line into {@code <directory>/<name>-<subtask>.jsonl} on the machine
 * running the subtask: for bounded local runs and tests. Not transactional (a restarted job appends again); the
 * exactly-once output is the Kafka sink.
 */
final class LineFileSink implements Sink<OutputRecord> {

    private static final long serialVersionUID = 1L;

    private final String directory;
    private final String name;

    LineFileSink(String directory, String name) {
        this.directory = directory;
        this.name = name;
    }

    @Override
    public SinkWriter<OutputRecord> createWriter(WriterInitContext context) throws IOException {
        Path dir = Path.of(directory);
        Files.createDirectories(dir);
        Path file = dir.resolve(name + "-" + context.getTaskInfo().getIndexOfThisSubtask() + ".jsonl");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        return new SinkWriter<>() {
            @Override
            public void write(OutputRecord record, Context ctx) throws IOException {
                out.write(record.value);
                out.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
