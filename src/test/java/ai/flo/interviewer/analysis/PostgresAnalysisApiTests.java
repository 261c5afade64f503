package ai.flo.interviewer.analysis;

import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AnalysisApiScenarios} on a real PostgreSQL server (fresh database). */
class PostgresAnalysisApiTests extends AnalysisApiScenarios {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = TestDatabases.freshPostgres();
		registry.add("flo.database.url", () -> url);
	}

}
