package dev.tally.engine.io.generator;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Yahoo-style ad events (the {@code yahoo-count} workload), reproducible from a seed and seekable: event
 * {@code k} is always the same bytes for the same seed, base time and rate. Event {@code k} has time
 * {@code baseTime + k / eventsPerMs}; a deterministic ~5 % of events are shifted back by up to 500 ms.
 * 100 campaigns × 10 ads; user and page ids from pools of 100. Immutable and thread-safe.
 */
public final class AdEventGenerator {

    /** Number of campaigns. */
    public static final int CAMPAIGNS = 100;
    /** Ads per campaign. */
    public static final int ADS_PER_CAMPAIGN = 10;
    private static final String[] AD_TYPES = {"banner", "modal", "sponsored-search", "mail", "mobile"};
    private static final String[] EVENT_TYPES = {"view", "click", "purchase"};
    private static final String[] ADS = ids("ad", CAMPAIGNS * ADS_PER_CAMPAIGN);
    private static final String[] USERS = ids("user", 100);
    private static final String[] PAGES = ids("page", 100);

    private final long seed;
    private final long baseTime;
    private final double eventsPerMs;

    public AdEventGenerator(long seed, long baseTime, double eventsPerMs) {
        this.seed = seed;
        this.baseTime = baseTime;
        this.eventsPerMs = eventsPerMs;
    }

    /** The id of ad {@code i} (0 ≤ i < 1000). */
    public static String adId(int i) {
        return ADS[i];
    }

    /** The campaign that ad {@code i} belongs to. */
    public static String campaignOf(int ad) {
        return String.format("campaign-%03d", ad / ADS_PER_CAMPAIGN);
    }

    /** The lookup table {@code ad_id → campaign_id} as CSV with a header line. */
    public static String campaignTableCsv() {
        StringBuilder sb = new StringBuilder("ad_id,campaign_id\n");
        for (int i = 0; i < ADS.length; i++) {
            sb.append(ADS[i]).append(',').append(campaignOf(i)).append('\n');
        }
        return sb.toString();
    }

    /** Event time of event {@code k}. */
    public long eventTime(long k) {
        long r = mix(k, 7);
        long t = baseTime + (long) (k / eventsPerMs);
        return (r & 0xFFFF) % 100 < 5 ? t - ((r >>> 16) & 0xFFFF) % 501 : t;
    }

    /** Index of the ad of event {@code k}. */
    public int ad(long k) {
        return (int) Math.floorMod(mix(k, 3), (long) ADS.length);
    }

    /** Event type of event {@code k}: view, click or purchase. */
    public String eventType(long k) {
        return EVENT_TYPES[(int) Math.floorMod(mix(k, 5), 3L)];
    }

    /** Event {@code k} as UTF-8 JSON. */
    public byte[] event(long k) {
        long r = mix(k, 11);
        String json = "{\"user_id\":\"" + USERS[(int) Math.floorMod(r, 100L)]
                + "\",\"page_id\":\"" + PAGES[(int) Math.floorMod(r >>> 8, 100L)]
                + "\",\"ad_id\":\"" + ADS[ad(k)]
                + "\",\"ad_type\":\"" + AD_TYPES[(int) Math.floorMod(r >>> 16, 5L)]
                + "\",\"event_type\":\"" + eventType(k)
                + "\",\"event_time\":\"" + eventTime(k)
                + "\",\"ip_address\":\"10." + ((r >>> 24) & 0xFF) + '.' + ((r >>> 32) & 0xFF) + '.'
                + ((r >>> 40) & 0xFF) + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private long mix(long k, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String[] ids(String kind, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = UUID.nameUUIDFromBytes((kind + "-" + i).getBytes(StandardCharsets.UTF_8)).toString();
        }
        return out;
    }
}
