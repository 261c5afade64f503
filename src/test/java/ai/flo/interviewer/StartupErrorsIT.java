package ai.flo.interviewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import ai.flo.interviewer.testsupport.AppProcess;
import org.junit.jupiter.api.Test;

import static ai.flo.interviewer.testsupport.AppProcess.env;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad configuration stops the packaged jar at start with a message naming the variable
 * and what to do: no stack-trace hunting for the operator.
 */
class StartupErrorsIT {

	@Test
	void unsupportedDatabaseUrl() throws Exception {
		String output = failingStart(env("DATABASE_URL", "mysql://user:pw@db:3306/flo"));
		assertThat(output).contains("DATABASE_URL: has the unsupported scheme 'mysql'", "Accepted forms",
				"postgresql://user:password@host:5432/database");
	}

	@Test
	void malformedPostgresUrl() throws Exception {
		String output = failingStart(env("DATABASE_URL", "postgresql://user:pass@/flo"));
		assertThat(output).contains("DATABASE_URL: names no host");
	}

	@Test
	void unknownFloVariableIsRefusedWithASuggestion() throws Exception {
		String output = failingStart(env("FLO_JOBS_CONCURENCY", "4"));
		assertThat(output).contains("FLO_JOBS_CONCURENCY: no setting reads this variable",
				"Did you mean FLO_JOBS_CONCURRENCY?");
	}

	@Test
	void unknownSkillLevel() throws Exception {
		String output = failingStart(env("INTERVIEW_SKILL_LEVEL", "wizard"));
		assertThat(output).contains("INTERVIEW_SKILL_LEVEL: 'wizard' is not a skill level", "BEGINNER, INTERMEDIATE");
	}

	@Test
	void malformedLiveKitUrl() throws Exception {
		String output = failingStart(env("LIVEKIT_URL", "ftp://livekit.example.com"));
		assertThat(output)
			.contains("LIVEKIT_URL 'ftp://livekit.example.com' must be a ws://, wss://, http:// or https:// URL");
	}

	@Test
	void malformedDuration() throws Exception {
		String output = failingStart(env("FLO_JOBS_LEASE", "banana"));
		assertThat(output).contains("flo.jobs.lease", "banana");
	}

	@Test
	void unwritableBaseFolder() throws Exception {
		// A folder root owns, the app running as an unprivileged user: like a volume with
		// the wrong owner.
		Path home = Files.createTempDirectory("flo-unwritable");
		Path dataHome = Files.createDirectory(home.resolve("data"));
		Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(dataHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		if (!AppProcess.isRoot()) {
			Files.setPosixFilePermissions(dataHome,
					java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
		}
		Path jarCopy = AppProcess.folderForNobody("flo-jar").resolve("app.jar");
		Files.copy(AppProcess.jar(), jarCopy);
		Files.setPosixFilePermissions(jarCopy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
		try (AppProcess app = AppProcess.start(home,
				env("FLO_HOME", dataHome.toString(), "PORT", String.valueOf(AppProcess.freePort())),
				java.util.List.of(AppProcess.javaHome().resolve("bin/java").toString(), "-jar", jarCopy.toString()),
				true)) {
			assertThat(app.waitForExit(Duration.ofSeconds(90))).as("the start fails").isTrue();
			assertThat(app.process().exitValue()).isNotZero();
			assertThat(app.output()).contains("FLO_HOME: the data folder " + dataHome.resolve("logs"),
					"cannot be created or written", "must be writable by uid 1000");
		}
	}

	private static String failingStart(Map<String, String> env) throws Exception {
		Path home = Files.createTempDirectory("flo-bad-config");
		env.put("FLO_HOME", home.toString());
		env.put("PORT", String.valueOf(AppProcess.freePort()));
		try (AppProcess app = AppProcess.javaJar(home, env)) {
			assertThat(app.waitForExit(Duration.ofSeconds(90))).as("the start fails instead of running").isTrue();
			assertThat(app.process().exitValue()).isNotZero();
			String output = app.output();
			assertThat(output).contains("APPLICATION FAILED TO START");
			return output;
		}
	}

}
