package ai.flo.interviewer.jobs;

import java.nio.file.Path;

import ai.flo.interviewer.testsupport.TestDatabases;

/** {@link JobsMultiProcessScenarios} on a real PostgreSQL server. */
class PostgresJobsMultiProcessIT extends JobsMultiProcessScenarios {

	@Override
	String databaseUrl(Path home) {
		return TestDatabases.freshPostgres();
	}

}
