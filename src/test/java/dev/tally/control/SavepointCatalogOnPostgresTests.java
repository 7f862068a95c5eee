package dev.tally.control;

/** {@link SavepointCatalogEndToEndTests} against a real PostgreSQL server (see {@link OnPostgres}). */
@OnPostgres
class SavepointCatalogOnPostgresTests extends SavepointCatalogEndToEndTests {
}
