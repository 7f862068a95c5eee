package dev.tally.control;

/** {@link EndToEndTests} against a real PostgreSQL server (see {@link OnPostgres}). */
@OnPostgres
class EndToEndOnPostgresTests extends EndToEndTests {
}
