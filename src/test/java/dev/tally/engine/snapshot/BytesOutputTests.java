package dev.tally.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BytesOutputTests {

    /** Random primitives and byte runs, many chunks long, give the bytes DataOutputStream gives. */
    @Test
    void writesWhatDataOutputStreamWritesAcrossChunks() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        ByteArrayOutputStream expectedBytes = new ByteArrayOutputStream();
        DataOutputStream expected = new DataOutputStream(expectedBytes);
        BytesOutput out = new BytesOutput(16);
        while (expected.size() < 3 * BytesOutput.CHUNK + 12345) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    int v = random.nextInt();
                    expected.writeInt(v);
                    out.writeInt(v);
                }
                case 1 -> {
                    long v = random.nextLong();
                    expected.writeLong(v);
                    out.writeLong(v);
                }
                case 2 -> {
                    double v = random.nextDouble();
                    expected.writeDouble(v);
                    out.writeDouble(v);
                }
                case 3 -> {
                    int v = random.nextInt(1 << 16);
                    expected.writeShort(v);
                    out.writeShort(v);
                }
                case 4 -> {
                    byte[] b = new byte[random.nextInt(random.nextInt(10) == 0 ? 400_000 : 40)];
                    random.nextBytes(b);
                    expected.write(b);
                    out.write(b);
                }
                default -> {
                    int v = random.nextInt(256);
                    expected.write(v);
                    out.write(v);
                }
            }
        }
        byte[] want = expectedBytes.toByteArray();
        assertThat(out.size()).isEqualTo(want.length);
        assertThat(out.toByteArray()).isEqualTo(want);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        out.writeTo(streamed);
        assertThat(streamed.toByteArray()).isEqualTo(want);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        out.update(digest);
        assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(want));
    }

    @Test
    void wrapsAnArrayAndGoesOnAfterIt() throws IOException {
        BytesOutput out = BytesOutput.of(new byte[] {1, 2, 3});
        out.writeInt(0x04050607);
        assertThat(out.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(BytesOutput.of(new byte[0]).toByteArray()).isEmpty();
    }
}
