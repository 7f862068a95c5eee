package dev.tally.control;

/** {@link AuditEndToEndTests} against a real PostgreSQL server (see {@link OnPostgres}). */
@OnPostgres
class AuditOnPostgresTests extends AuditEndToEndTests {
}
