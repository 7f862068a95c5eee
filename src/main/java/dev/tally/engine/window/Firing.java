package dev.tally.engine.window;

/** Why a window result was emitted. */
public enum Firing {
    /** Before the watermark reached the window's end (an early trigger). */
    EARLY,
    /** When the watermark reached the window's end. */
    ON_TIME,
    /** After that, because a late element within the allowed lateness updated the window. */
    LATE
}
