package dev.tally.control;

/** {@link LifecycleEndToEndTests} against a real PostgreSQL server (see {@link OnPostgres}). */
@OnPostgres
class LifecycleOnPostgresTests extends LifecycleEndToEndTests {
}
