package dev.tally.engine.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.engine.snapshot.BytesInput;
import dev.tally.engine.snapshot.BytesOutput;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CompactCodecTests {

    @Test
    void varintsRoundTripAtEveryLength() throws IOException {
        int[] values = {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456,
                Integer.MAX_VALUE};
        BytesOutput out = new BytesOutput(16);
        for (int v : values) {
            CompactCodec.writeVarint(out, v);
        }
        assertThat(out.size()).isEqualTo(1 + 1 + 1 + 2 + 2 + 3 + 3 + 4 + 4 + 5 + 5);
        BytesInput in = new BytesInput(out.toByteArray());
        for (int v : values) {
            assertThat(CompactCodec.readVarint(in)).isEqualTo(v);
        }
    }

    @Test
    void refusesVarintsOutOfRange() {
        byte[] negative = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        byte[] tooLong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThatThrownBy(() -> CompactCodec.readVarint(new BytesInput(negative))).hasMessage("bad varint");
        assertThatThrownBy(() -> CompactCodec.readVarint(new BytesInput(tooLong))).hasMessage("bad varint");
    }

    @Test
    void refusesABlockOfAnotherWidth() throws IOException {
        BytesOutput out = new BytesOutput(16);
        CompactCodec.writeHeader(out, 1000, 2, 5);
        BytesInput in = new BytesInput(out.toByteArray());
        assertThat(in.readByte()).isEqualTo((byte) CompactCodec.BLOCK);
        assertThatThrownBy(() -> CompactCodec.readHeader(in, new CompactCodec.Entry(1)))
                .hasMessageContaining("accumulator has 2 slots, this job's aggregates need 1");
    }
}
