package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanSubscribe;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitRoom.RoomConfiguration;

import static org.awaitility.Awaitility.await;

/**
 * A real LiveKit server (the pinned build of {@code scripts/livekit/server.sh}) on a free
 * loopback port, confined to loopback, keys devkey/secret. Never skipped: without the
 * binary the test fails and says how to install it.
 */
public final class LiveKitTestServer implements AutoCloseable {

	public static final String KEY = "devkey";

	public static final String SECRET = "secret";

	private final Path binary;

	private final int port;

	private final Path log;

	private Process process;

	private LiveKitTestServer(Path binary, int port) throws IOException {
		this.binary = binary;
		this.port = port;
		this.log = Files.createTempFile("livekit-server", ".log");
	}

	/** Starts a server for a static field of a test class. */
	public static LiveKitTestServer startOrFail() {
		try {
			return start();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** Points a Spring test's LIVEKIT_* settings at this server. */
	public void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
		registry.add("flo.livekit.url", this::url);
		registry.add("flo.livekit.api-key", () -> KEY);
		registry.add("flo.livekit.api-secret", () -> SECRET);
	}

	public static LiveKitTestServer start() throws IOException {
		Path script = AppProcess.projectDir().resolve("scripts/livekit/server.sh");
		Process path = new ProcessBuilder("bash", script.toString(), "path").redirectErrorStream(true).start();
		String out;
		try {
			out = new String(path.getInputStream().readAllBytes()).strip();
			if (path.waitFor() != 0) {
				throw new IllegalStateException("The LiveKit test server is not installed (" + out
						+ "). Run scripts/test-deps.sh (scripts/test.sh does).");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		int port = freeEvenPortPair();
		LiveKitTestServer server = new LiveKitTestServer(Path.of(out), port);
		server.startProcess();
		return server;
	}

	/** Starts the server again on the same ports (after {@link #kill()}). */
	public void startProcess() throws IOException {
		// The loopback-only configuration lives in one place: scripts/livekit/server.sh.
		Process configuration = new ProcessBuilder("bash",
				AppProcess.projectDir().resolve("scripts/livekit/server.sh").toString(), "config",
				String.valueOf(this.port))
			.start();
		String config = new String(configuration.getInputStream().readAllBytes());
		try {
			if (configuration.waitFor() != 0 || config.isBlank()) {
				throw new IllegalStateException("scripts/livekit/server.sh config failed");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		this.process = new ProcessBuilder(List.of(this.binary.toString(), "--dev", "--config-body", config))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !this.process.isAlive() || AppProcess.get(httpUrl() + "/").status() == 200);
		if (!this.process.isAlive()) {
			throw new IllegalStateException("livekit-server exited at start; its log: " + Files.readString(this.log));
		}
	}

	/** Stops the server as a crash would. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	public String url() {
		return "ws://127.0.0.1:" + this.port;
	}

	public String httpUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * A candidate's token whose room configuration dispatches {@code agentName} to the
	 * room.
	 */
	public static String candidateToken(String room, String identity, String agentName, String dispatchMetadata) {
		AccessToken token = new AccessToken(KEY, SECRET);
		token.setIdentity(identity);
		token.setName(identity);
		token.addGrants(new RoomJoin(true), new RoomName(room), new CanPublish(true), new CanSubscribe(true),
				new CanPublishData(true));
		if (agentName != null) {
			token.setRoomConfiguration(RoomConfiguration.newBuilder()
				.addAgents(RoomAgentDispatch.newBuilder().setAgentName(agentName).setMetadata(dispatchMetadata))
				.build());
		}
		return token.toJwt();
	}

	private static int freeEvenPortPair() throws IOException {
		for (int i = 0; i < 50; i++) {
			int port = AppProcess.freePort();
			try (java.net.DatagramSocket udp = new java.net.DatagramSocket(port + 2)) {
				return port;
			}
			catch (java.net.SocketException ex) {
				// Taken: try another.
			}
		}
		throw new IOException("no free port pair");
	}

	/** Whether a room of that name is open on the server now. */
	public boolean hasRoom(String name) throws IOException {
		var rooms = io.livekit.server.RoomServiceClient.Companion.createClient(httpUrl(), KEY, SECRET)
			.listRooms(List.of(name))
			.execute()
			.body();
		return rooms != null && !rooms.isEmpty();
	}

	/**
	 * What the server logged about agent jobs (dispatches, assignments, failures) and
	 * rooms opening and closing, for a test's failure message.
	 */
	public String agentLog() {
		try (var lines = Files.lines(this.log)) {
			return lines.filter((line) -> line.contains("\tINFO\t") || line.contains("\tWARN"))
				.filter((line) -> line.contains("agent") || line.contains("room closed")
						|| line.contains("starting RTC session"))
				.map((line) -> (line.length() > 300) ? line.substring(0, 300) + "..." : line)
				.reduce("", (all, line) -> all + line + "\n");
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			return "(livekit-server log unreadable: " + ex + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

}
