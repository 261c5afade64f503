package ai.flo.interviewer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.testsupport.AppProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container as a process, without a container engine: a folder laid out like
 * {@code /app} (app.jar, start.sh), the environment of {@code .env.example} as
 * {@code docker run --env-file} passes it (plus the variables an old Python {@code .env}
 * carries), start.sh run as an unprivileged user with the image's JRE when this machine
 * has it.
 */
class ContainerProcessIT {

	@Test
	void startShRunsBothRolesReportsADeadWorkerAndStopsCleanly() throws Exception {
		Path app = AppProcess.folderForNobody("flo-app");
		Files.copy(AppProcess.jar(), app.resolve("app.jar"));
		Files.copy(AppProcess.projectDir().resolve("start.sh"), app.resolve("start.sh"));
		Files.setPosixFilePermissions(app.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
		AppProcess.chownNobody(app);

		int port = AppProcess.freePort();
		int workerPort = AppProcess.freePort();
		Map<String, String> env = envFile(AppProcess.projectDir().resolve(".env.example"));
		env.put("PYTHONPATH", "/app");
		env.put("PYTHONUNBUFFERED", "1");
		env.put("HOME", app.toString());
		env.put("FLO_HOME", app.toString());
		env.put("PORT", String.valueOf(port));
		env.put("FLO_WORKER_HEALTH_PORT", String.valueOf(workerPort));
		env.put("FLO_WORKER_HEARTBEAT_INTERVAL", "1s");
		env.put("FLO_WORKER_HEARTBEAT_STALE_AFTER", "5s");
		String health = "http://127.0.0.1:" + port + "/health";

		try (AppProcess start = AppProcess.start(app, env, List.of(app.resolve("start.sh").toString()), true)) {
			// The first start of a jar makes the class data sharing archives first.
			await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				assertThat(start.process().isAlive()).as("start.sh alive; output:\n%s", start.output()).isTrue();
				assertThat(AppProcess.get(health).body()).contains("\"status\":\"UP\"");
			});

			List<ProcessHandle> javas = start.process()
				.descendants()
				.filter((p) -> commandLine(p).contains("java"))
				.toList();
			assertThat(javas).as("two JVMs under start.sh").hasSize(2);
			// Both roles run the extracted jar with this JVM's archives: an AOT cache on
			// Java 25, an AppCDS archive on Java 17.
			assertThat(start.output()).contains("start.sh: class data sharing archives ready");
			String archive = (javaFeature() >= 25) ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
			assertThat(javas).allSatisfy((p) -> assertThat(commandLine(p)).contains(archive).contains("/.cds/"));
			// ... and the JVM really uses it (one it refuses, e.g. Java 17's AppCDS
			// archive of a
			// jar at another path, is unmapped again and the JVM runs without it,
			// silently).
			String suffix = (javaFeature() >= 25) ? ".aot" : ".jsa";
			assertThat(javas).allSatisfy((p) -> assertThat(mappedArchives(p)).as("archives mapped by %s", p.pid())
				.anySatisfy((file) -> assertThat(file).contains("/.cds/").endsWith(suffix)));
			ProcessHandle worker = javas.stream()
				.filter((p) -> commandLine(p).contains("--spring.profiles.active=worker"))
				.findFirst()
				.orElseThrow();
			ProcessHandle api = javas.stream().filter((p) -> p.pid() != worker.pid()).findFirst().orElseThrow();
			if (AppProcess.isRoot()) {
				assertThat(uid(worker)).isEqualTo(AppProcess.NOBODY);
				assertThat(uid(api)).isEqualTo(AppProcess.NOBODY);
			}
			assertThat(AppProcess.get("http://127.0.0.1:" + workerPort + "/health").status()).isEqualTo(200);
			for (String folder : DataFolders.NAMES) {
				assertThat(app.resolve(folder)).isDirectory().isWritable();
			}
			assertThat(app.resolve("interview_analysis.db")).isRegularFile();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(app.resolve("logs/api.log")).isNotEmptyFile());
			assertThat(app.resolve("logs/worker.log")).isNotEmptyFile();

			// No ADMIN_API_KEYS: a key is generated and shown on the console once, never
			// written to a log file.
			java.util.regex.Matcher generated = java.util.regex.Pattern.compile("flo_admin_[A-Za-z0-9_-]{43}")
				.matcher(start.output());
			assertThat(generated.find()).as("the generated key on the console; output:\n%s", start.output()).isTrue();
			String admin = "Bearer " + generated.group();
			assertThat(Files.readString(app.resolve("logs/api.log"))).doesNotContain(generated.group())
				.contains("printed it once on standard output");
			// Public /health: the status only; with the admin key, its components.
			assertThat(AppProcess.get(health).body()).doesNotContain("components");
			assertThat(AppProcess.get(health, admin).body()).contains("\"components\"");

			// The worker dies (kill -9: what the out-of-memory killer or a fatal native
			// panic
			// does): start.sh says so and starts a new one; the API keeps serving, and
			// its
			// health follows the new worker's heartbeat.
			new ProcessBuilder("kill", "-9", String.valueOf(worker.pid())).start().waitFor();
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(start.output())
					.contains("the worker (pid " + worker.pid() + ") exited with status 137")
					.contains("restarting the worker in 1s"));
			ProcessHandle restarted = await().atMost(Duration.ofSeconds(30))
				.until(() -> start.process()
					.descendants()
					.filter((p) -> commandLine(p).contains("--spring.profiles.active=worker"))
					.filter(ProcessHandle::isAlive)
					.findFirst()
					.orElse(null), (p) -> p != null && p.pid() != worker.pid());
			assertThat(api.isAlive()).isTrue();
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				AppProcess.Response response = AppProcess.get(health, admin);
				assertThat(response.status()).as(response.body()).isEqualTo(200);
			});
			assertThat(restarted.isAlive()).isTrue();

			// SIGTERM to start.sh: both gone within 15 s, exit status 0.
			long before = System.nanoTime();
			start.signal("TERM");
			assertThat(start.waitForExit(Duration.ofSeconds(15)))
				.as("start.sh exits within 15 s; output:\n%s", start.output())
				.isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(15));
			assertThat(start.process().exitValue()).as(start.output()).isZero();
			assertThat(api.isAlive()).isFalse();
			assertThat(restarted.isAlive()).as("the restarted worker stopped too").isFalse();
			assertThat(start.output()).contains("start.sh: stopped");
		}
	}

	@Test
	void sigtermWithBothRunningStopsBothCleanly() throws Exception {
		Path app = AppProcess.folderForNobody("flo-app-term");
		Files.copy(AppProcess.jar(), app.resolve("app.jar"));
		Files.copy(AppProcess.projectDir().resolve("start.sh"), app.resolve("start.sh"));
		AppProcess.chownNobody(app);
		int port = AppProcess.freePort();
		// Without class data sharing: its training runs (the other test) cost a minute or
		// more.
		Map<String, String> env = new HashMap<>(
				Map.of("FLO_HOME", app.toString(), "HOME", app.toString(), "PORT", String.valueOf(port),
						"FLO_WORKER_HEALTH_PORT", String.valueOf(AppProcess.freePort()), "APP_CDS", "false"));
		try (AppProcess start = AppProcess.start(app, env, List.of("bash", app.resolve("start.sh").toString()), true)) {
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(AppProcess.get("http://127.0.0.1:" + port + "/health").status())
					.isEqualTo(200));
			List<ProcessHandle> javas = start.process().descendants().toList();
			start.signal("TERM");
			assertThat(start.waitForExit(Duration.ofSeconds(15))).as(start.output()).isTrue();
			assertThat(start.process().exitValue()).isZero();
			assertThat(javas).allSatisfy((p) -> assertThat(p.isAlive()).isFalse());
			String output = start.output();
			assertThat(output).contains("Worker ").contains(" stopped");
			assertThat(output).doesNotContain("exited with status");
		}
	}

	/**
	 * {@code docker run --env-file}: KEY=VALUE lines, values taken literally, comments
	 * skipped.
	 */
	static Map<String, String> envFile(Path file) throws IOException {
		Map<String, String> env = new HashMap<>();
		for (String line : Files.readAllLines(file)) {
			if (line.isBlank() || line.stripLeading().startsWith("#")) {
				continue;
			}
			int equals = line.indexOf('=');
			env.put(line.substring(0, equals).strip(), line.substring(equals + 1));
		}
		return env;
	}

	/**
	 * The feature version (17, 25 ...) of the JVM that runs the app, from its release
	 * file.
	 */
	private static int javaFeature() throws IOException {
		for (String line : Files.readAllLines(AppProcess.javaHome().resolve("release"))) {
			if (line.startsWith("JAVA_VERSION=")) {
				String version = line.substring(line.indexOf('"') + 1);
				return Integer.parseInt(version.split("[.\"+-]")[0]);
			}
		}
		return Runtime.version().feature();
	}

	private static String commandLine(ProcessHandle process) {
		try {
			return Files.readString(Path.of("/proc/" + process.pid() + "/cmdline")).replace('\0', ' ');
		}
		catch (IOException ex) {
			return process.info().commandLine().orElse("");
		}
	}

	private static List<String> mappedArchives(ProcessHandle process) throws IOException {
		return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "maps"))
			.stream()
			.map((line) -> line.substring(line.lastIndexOf(' ') + 1))
			.filter((file) -> file.endsWith(".jsa") || file.endsWith(".aot"))
			.toList();
	}

	private static int uid(ProcessHandle process) throws IOException {
		Optional<String> line = Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))
			.stream()
			.filter((l) -> l.startsWith("Uid:"))
			.findFirst();
		return Integer.parseInt(line.orElseThrow().split("\\s+")[1]);
	}

}
