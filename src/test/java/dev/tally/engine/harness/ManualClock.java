package dev.tally.engine.harness;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that tests move by hand. Thread-safe. */
public final class ManualClock extends Clock {

    private final AtomicLong millis;

    public ManualClock(long millis) {
        this.millis = new AtomicLong(millis);
    }

    public void set(long value) {
        millis.set(value);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
