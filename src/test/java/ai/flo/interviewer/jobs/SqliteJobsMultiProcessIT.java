package ai.flo.interviewer.jobs;

import java.nio.file.Path;

import ai.flo.interviewer.testsupport.TestDatabases;

/** {@link JobsMultiProcessScenarios} on one SQLite file shared by two processes. */
class SqliteJobsMultiProcessIT extends JobsMultiProcessScenarios {

	@Override
	String databaseUrl(Path home) {
		return TestDatabases.sqlite(home);
	}

}
