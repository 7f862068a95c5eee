package dev.tally.engine.io.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlainBytesTests {

    /** Eight digits at once agree with one at a time, on digits and on every kind of near-digit byte. */
    @Test
    void eightDigitsReadsExactlyEightAsciiDigits() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] nearDigits = {'/', ':', ' ', '0' + 0x80 - 256, 0x10, (byte) 0xFA, (byte) 0xFF, 0x36, 0x39, 0x40};
        for (int t = 0; t < 200_000; t++) {
            byte[] b = new byte[11];
            for (int j = 0; j < b.length; j++) {
                b[j] = random.nextInt(6) != 0 ? (byte) ('0' + random.nextInt(10))
                        : random.nextBoolean() ? nearDigits[random.nextInt(nearDigits.length)]
                        : (byte) random.nextInt(256);
            }
            int at = random.nextInt(4);
            long expected = 0;
            for (int j = at; j < at + 8 && expected >= 0; j++) {
                expected = b[j] >= '0' && b[j] <= '9' ? expected * 10 + (b[j] - '0') : -1;
            }
            assertThat(PlainBytes.eightDigits(b, at)).as("%s at %d", java.util.Arrays.toString(b), at)
                    .isEqualTo(expected);
        }
        assertThat(PlainBytes.eightDigits("99999999".getBytes(), 0)).isEqualTo(99_999_999L);
        assertThat(PlainBytes.eightDigits("00000001".getBytes(), 0)).isEqualTo(1L);
    }
}
