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

    /** Event {@code k} as UTF-8 JSON (written straight into bytes: this is the generator's hot path). */
    public byte[] event(long k) {
        byte[] out = new byte[MAX_EVENT_BYTES];
        return java.util.Arrays.copyOf(out, event(k, out));
    }

    /** The most bytes an event takes. */
    public static final int MAX_EVENT_BYTES = 320;

    /**
     * Writes event {@code k} into {@code out} (at least {@link #MAX_EVENT_BYTES} long), as {@link #event(long)}.
     *
     * @return its length
     */
    public int event(long k, byte[] out) {
        long r = mix(k, 11);
        int i = put(out, 0, USER_PARTS[(int) Math.floorMod(r, 100L)]);
        i = put(out, i, PAGE_PARTS[(int) Math.floorMod(r >>> 8, 100L)]);
        i = put(out, i, AD_PARTS[ad(k)]);
        i = put(out, i, TYPE_PARTS[(int) Math.floorMod(r >>> 16, 5L) * 3 + (int) Math.floorMod(mix(k, 5), 3L)]);
        i = digits(out, i, eventTime(k));
        i = put(out, i, P_IP);
        i = put(out, i, OCTETS[(int) ((r >>> 24) & 0xFF)]);
        out[i++] = '.';
        i = put(out, i, OCTETS[(int) ((r >>> 32) & 0xFF)]);
        out[i++] = '.';
        i = put(out, i, OCTETS[(int) ((r >>> 40) & 0xFF)]);
        return put(out, i, P_END);
    }

    private static final byte[] P_USER = ascii("{\"user_id\":\"");
    private static final byte[] P_PAGE = ascii("\",\"page_id\":\"");
    private static final byte[] P_AD = ascii("\",\"ad_id\":\"");
    private static final byte[] P_AD_TYPE = ascii("\",\"ad_type\":\"");
    private static final byte[] P_EVENT_TYPE = ascii("\",\"event_type\":\"");
    private static final byte[] P_EVENT_TIME = ascii("\",\"event_time\":\"");
    private static final byte[] P_IP = ascii("\",\"ip_address\":\"10.");
    private static final byte[] P_END = ascii("\"}");
    /*
     * An event is written from a few pre-rendered parts, each a value with the field names around it (fewer and
     * longer copies): user, page, ad, then ad type × event type up to the event time's opening quote.
     */
    private static final byte[][] USER_PARTS = parts(P_USER, USERS, null);
    private static final byte[][] PAGE_PARTS = parts(P_PAGE, PAGES, null);
    private static final byte[][] AD_PARTS = parts(P_AD, ADS, null);
    private static final byte[][] TYPE_PARTS = parts(P_AD_TYPE, AD_TYPES, EVENT_TYPES);
    /** "0" … "255". */
    private static final byte[][] OCTETS = new byte[256][];

    static {
        for (int i = 0; i < OCTETS.length; i++) {
            OCTETS[i] = ascii(Integer.toString(i));
        }
    }

    /** {@code prefix + value} for each value, or {@code prefix + value + P_EVENT_TYPE + second + P_EVENT_TIME}. */
    private static byte[][] parts(byte[] prefix, String[] values, String[] seconds) {
        int n = seconds == null ? 1 : seconds.length;
        byte[][] out = new byte[values.length * n][];
        for (int v = 0; v < values.length; v++) {
            for (int s = 0; s < n; s++) {
                String text = new String(prefix, StandardCharsets.US_ASCII) + values[v] + (seconds == null ? ""
                        : new String(P_EVENT_TYPE, StandardCharsets.US_ASCII) + seconds[s]
                                + new String(P_EVENT_TIME, StandardCharsets.US_ASCII));
                out[v * n + s] = ascii(text);
            }
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] out, int at, byte[] b) {
        System.arraycopy(b, 0, out, at, b.length);
        return at + b.length;
    }

    /** "00" … "99": two digits per division when writing numbers. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Writes a long in decimal (event times have 13 digits: split in int-sized parts, two digits a step). */
    private static int digits(byte[] out, int at, long v) {
        if (v < 0) {
            out[at++] = '-';
            if (v == Long.MIN_VALUE) {
                return fixedDigits(out, digits(out, at, 922_337_203_685_477_580L), 8, 1);
            }
            v = -v;
        }
        if (v >= 1_000_000_000L) {
            int high = digits(out, at, v / 1_000_000_000L);
            return fixedDigits(out, high, (int) (v % 1_000_000_000L), 9);
        }
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        return fixedDigits(out, at, (int) v, n);
    }

    /** Writes {@code v} as exactly {@code n} digits (with leading zeros). */
    private static int fixedDigits(byte[] out, int at, int v, int n) {
        int i = at + n;
        while (i - at >= 2) {
            int q = v / 100;
            int r = (v - q * 100) * 2;
            out[--i] = PAIRS[r + 1];
            out[--i] = PAIRS[r];
            v = q;
        }
        if (i > at) {
            out[--i] = (byte) ('0' + v % 10);
        }
        return at + n;
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
