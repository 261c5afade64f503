package ai.flo.interviewer.jobs;

import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link JobsScenarios} on a real PostgreSQL server (fresh database). */
class PostgresJobsTests extends JobsScenarios.Scenarios {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useFreshPostgres(registry);
	}

}
