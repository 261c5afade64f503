package ai.flo.interviewer.jobs;

import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link JobsScenarios} on a SQLite file. */
class SqliteJobsTests extends JobsScenarios.Scenarios {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

}
