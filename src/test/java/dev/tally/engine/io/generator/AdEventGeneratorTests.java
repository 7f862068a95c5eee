package dev.tally.engine.io.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AdEventGeneratorTests {

    private final AdEventGenerator gen = new AdEventGenerator(42, 1_700_000_000_000L, 1.0);

    @Test
    void sameSeedGivesSameEvents() {
        AdEventGenerator again = new AdEventGenerator(42, 1_700_000_000_000L, 1.0);
        for (long k = 0; k < 1000; k++) {
            assertThat(again.event(k)).isEqualTo(gen.event(k));
        }
        assertThat(new AdEventGenerator(43, 1_700_000_000_000L, 1.0).event(5)).isNotEqualTo(gen.event(5));
    }

    @Test
    void writesEveryNumberAsItsDecimalDigits() throws Exception {
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        long[] bases = {0, -1_000, 7, 999_999_999, 1_000_000_000, 1_700_000_000_000L, 9_999_999_999_999L,
                -1_700_000_000_000L, Long.MAX_VALUE / 2};
        for (long base : bases) {
            AdEventGenerator g = new AdEventGenerator(1, base, 3.0);
            for (long k = 0; k < 3_000; k++) {
                var tree = mapper.readTree(g.event(k));
                assertThat(tree.get("event_time").asString()).isEqualTo(Long.toString(g.eventTime(k)));
                String[] ip = tree.get("ip_address").asString().split("\\.");
                assertThat(ip).hasSize(4);
                for (String octet : ip) {
                    assertThat(Integer.parseInt(octet)).isBetween(0, 255);
                    assertThat(octet).isEqualTo(Integer.toString(Integer.parseInt(octet)));
                }
            }
        }
    }

    @Test
    void eventsHaveTheWorkloadShape() {
        String json = new String(gen.event(17), StandardCharsets.UTF_8);
        assertThat(json).contains("\"ad_id\":\"" + AdEventGenerator.adId(gen.ad(17)) + "\"")
                .contains("\"event_type\":\"" + gen.eventType(17) + "\"")
                .contains("\"event_time\":\"" + gen.eventTime(17) + "\"");
        assertThat(json.length()).isBetween(200, 300);
        long shifted = 0;
        long views = 0;
        for (long k = 0; k < 100_000; k++) {
            long base = 1_700_000_000_000L + k;
            assertThat(gen.eventTime(k)).isBetween(base - 500, base);
            shifted += gen.eventTime(k) < base ? 1 : 0;
            views += gen.eventType(k).equals("view") ? 1 : 0;
        }
        assertThat(shifted).isBetween(4_000L, 6_000L);
        assertThat(views).isBetween(31_000L, 35_700L);
    }

    @Test
    void committedCampaignTableMatchesTheGenerator() throws Exception {
        assertThat(Files.readString(Path.of("config/campaigns.csv"))).isEqualTo(AdEventGenerator.campaignTableCsv());
    }
}
