package dev.tally.control.demo;

import dev.tally.control.system.KafkaConnection;
import dev.tally.control.system.TallyProperties;
import dev.tally.engine.io.generator.AdEventGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes Yahoo-style ad events into the demo topic at a steady rate, with event times that follow the wall
 * clock, so the sample job has live input. Runs on its own thread between start and stop.
 */
@Component
@ConditionalOnBooleanProperty(name = "tally.demo.enabled", matchIfMissing = true)
class DemoGenerator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoGenerator.class);

    private final KafkaConnection kafka;
    private final TallyProperties.Demo demo;
    private volatile Thread thread;
    private volatile boolean running;

    DemoGenerator(KafkaConnection kafka, TallyProperties props) {
        this.kafka = kafka;
        this.demo = props.demo();
    }

    @Override
    public void start() {
        createTopic();
        running = true;
        thread = new Thread(this::produce, "tally-demo-generator");
        thread.setDaemon(true);
        thread.start();
        log.info("Demo generator writing {} events/s into topic {}", demo.rate(), demo.topic());
    }

    private void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            NewTopic topic = new NewTopic(demo.topic(), demo.partitions(), (short) 1)
                    .configs(Map.of("retention.ms", String.valueOf(demo.retention().toMillis())));
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create demo topic " + demo.topic(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void produce() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        long base = System.currentTimeMillis();
        AdEventGenerator gen = new AdEventGenerator(base, base, demo.rate() / 1000.0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long k = 0;
            while (running) {
                long due = (long) ((System.currentTimeMillis() - base) * (demo.rate() / 1000.0));
                for (; k < due && running; k++) {
                    int partition = (int) (k % demo.partitions());
                    producer.send(new ProducerRecord<>(demo.topic(), partition, null, gen.event(k)));
                }
                Thread.sleep(50);
            }
            producer.close(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Demo generator stopped: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
