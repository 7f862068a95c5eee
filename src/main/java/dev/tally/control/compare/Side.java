package dev.tally.control.compare;

/** The two sides of a comparison: A is the reference (production), B the candidate (experiment or replay). */
public enum Side {
    A, B
}
