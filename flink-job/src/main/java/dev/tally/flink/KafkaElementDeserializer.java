package dev.tally.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes each Kafka record's value into a {@link TallyElement} (every record, for the watermarks). */
final class KafkaElementDeserializer implements KafkaRecordDeserializationSchema<TallyElement> {

    private static final long serialVersionUID = 1L;

    private final ElementDecoding decoding;

    KafkaElementDeserializer(ElementDecoding decoding) {
        this.decoding = decoding;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TallyElement> out) {
        out.collect(decoding.decode(record.value()));
    }

    @Override
    public TypeInformation<TallyElement> getProducedType() {
        return TypeInformation.of(TallyElement.class);
    }
}
