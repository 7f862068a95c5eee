package dev.tally.control;

/** {@link VersionsEndToEndTests} against a real PostgreSQL server (see {@link OnPostgres}). */
@OnPostgres
class VersionsOnPostgresTests extends VersionsEndToEndTests {
}
