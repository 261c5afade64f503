package ai.flo.interviewer.analysis;

import java.nio.file.Files;

import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AnalysisApiScenarios} on SQLite in a file. */
class AnalysisApiTests extends AnalysisApiScenarios {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		String url = TestDatabases.sqlite(Files.createTempDirectory("flo-analysis-db"));
		registry.add("flo.database.url", () -> url);
	}

}
