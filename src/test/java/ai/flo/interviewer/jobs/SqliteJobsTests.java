package ai.flo.interviewer.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link JobsScenarios} on a SQLite file. */
class SqliteJobsTests extends JobsScenarios.Scenarios {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		Path folder = Files.createTempDirectory("flo-jobs-sqlite");
		registry.add("flo.data.home", folder::toString);
		registry.add("flo.database.url", () -> TestDatabases.sqlite(folder));
	}

}
