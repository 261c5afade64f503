package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application as a separate process, started the way a user does:
 * {@code java -jar} or {@code start.sh}, with an environment, optionally as an
 * unprivileged user.
 */
public final class AppProcess implements AutoCloseable {

	/** uid/gid of "nobody": an unprivileged user present on every Debian machine. */
	public static final int NOBODY = 65534;

	private final Process process;

	private final Path output;

	private AppProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/** The jar Maven built (failsafe passes its path). */
	public static Path jar() {
		String path = System.getProperty("flo.it.jar");
		if (path == null || !Files.isRegularFile(Path.of(path))) {
			throw new IllegalStateException("flo.it.jar does not name the built jar (" + path
					+ "): run the integration tests through Maven (mvn verify)");
		}
		return Path.of(path);
	}

	public static Path projectDir() {
		return Path.of(System.getProperty("flo.it.projectDir", "."));
	}

	/**
	 * The Java used to run the app: {@code -Dflo.it.javaHome} when set (e.g. to run
	 * start.sh on Java 17 as CI does), else Temurin 25 when present (the image's JRE),
	 * else this JVM's.
	 */
	public static Path javaHome() {
		String chosen = System.getProperty("flo.it.javaHome");
		if (chosen != null && !chosen.isBlank()) {
			return Path.of(chosen);
		}
		Path temurin = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
		if (Files.isExecutable(temurin.resolve("bin/java"))) {
			return temurin;
		}
		return Path.of(System.getProperty("java.home"));
	}

	public static AppProcess javaJar(Path workDir, Map<String, String> env, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaHome().resolve("bin/java").toString(), "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
		command.addAll(List.of(args));
		return start(workDir, env, command, false);
	}

	public static AppProcess start(Path workDir, Map<String, String> env, List<String> command, boolean asNobody)
			throws IOException {
		List<String> full = new ArrayList<>();
		if (asNobody && isRoot()) {
			full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
		}
		full.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true);
		Path output = Files.createTempFile("flo-it-process", ".log");
		builder.redirectOutput(output.toFile());
		Map<String, String> environment = builder.environment();
		environment.keySet()
			.removeIf((name) -> name.startsWith("FLO_") || name.equals("DATABASE_URL") || name.equals("ADMIN_API_KEYS")
					|| name.equals("PORT"));
		environment.put("JAVA_HOME", javaHome().toString());
		environment.putAll(env);
		return new AppProcess(builder.start(), output);
	}

	public static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/**
	 * A folder an unprivileged user can use: world-traversable parent, owned by nobody
	 * when root.
	 */
	public static Path folderForNobody(String prefix) throws IOException {
		Path folder = Files.createTempDirectory(prefix);
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		chownNobody(folder);
		return folder;
	}

	public static void chownNobody(Path path) throws IOException {
		if (!isRoot()) {
			return;
		}
		try {
			Process chown = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, path.toString()).inheritIO()
				.start();
			if (chown.waitFor() != 0) {
				throw new IOException("chown failed for " + path);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	public Process process() {
		return this.process;
	}

	public long pid() {
		return this.process.pid();
	}

	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(output unreadable: " + ex + ")";
		}
	}

	public boolean waitForExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public void signal(String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).inheritIO().start().waitFor();
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	/** GET a URL; status -1 when nothing answers. */
	public static Response get(String url) {
		return get(url, null);
	}

	/**
	 * GET a URL with an {@code Authorization} header (none when null); status -1 when
	 * nothing answers.
	 */
	public static Response get(String url, String authorization) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new Response(-1, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Response(-1, ex.toString());
		}
	}

	public static Map<String, String> env(String... pairs) {
		Map<String, String> env = new HashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			env.put(pairs[i], pairs[i + 1]);
		}
		return env;
	}

	public record Response(int status, String body) {
	}

}
