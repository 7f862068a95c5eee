package dev.tally.control.web;

/** A request that conflicts with the current state (an illegal transition); answered with 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
