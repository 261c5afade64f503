package ai.flo.interviewer.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged jar in the worker role, pointed at the test LiveKit server. */
final class WorkerProcess implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final AppProcess process;

	final int healthPort;

	private WorkerProcess(AppProcess process, int healthPort) {
		this.process = process;
		this.healthPort = healthPort;
	}

	static WorkerProcess start(LiveKitTestServer server, Map<String, String> extra) throws Exception {
		Path home = Files.createTempDirectory("flo-agent-worker");
		int port = AppProcess.freePort();
		Map<String, String> env = AppProcess.env("LIVEKIT_URL", server.url(), "LIVEKIT_API_KEY", LiveKitTestServer.KEY,
				"LIVEKIT_API_SECRET", LiveKitTestServer.SECRET, "FLO_HOME", home.toString(), "FLO_WORKER_HEALTH_PORT",
				String.valueOf(port), "FLO_AGENT_RECONNECT_MAX_DELAY", "2s", "FLO_AGENT_STATUS_INTERVAL", "1s",
				"FLO_AGENT_DRAIN_TIMEOUT", "60s", "FLO_AGENT_MAX_JOBS", "3", "FLO_AGENT_ECHO_DELAY", "300ms",
				"FLO_AGENT_HANDLER", "echo", "RUST_LOG", "warn");
		env.putAll(extra);
		WorkerProcess worker = new WorkerProcess(AppProcess.javaJar(home, env, "--spring.profiles.active=worker"),
				port);
		worker.awaitAgent("UP", Duration.ofSeconds(90));
		return worker;
	}

	long pid() {
		return this.process.pid();
	}

	/** The agent component of the worker's own /health. */
	JsonNode agentHealth() {
		AppProcess.Response response = AppProcess.get("http://127.0.0.1:" + this.healthPort + "/health");
		if (response.status() < 0) {
			return null;
		}
		return JSON.readTree(response.body()).path("components").path("agent");
	}

	void awaitAgent(String status, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(this.process.process().isAlive()).as("worker alive; output:\n%s", this.process.output())
				.isTrue();
			JsonNode agent = agentHealth();
			assertThat(agent).isNotNull();
			assertThat(agent.path("status").asString()).as(agent.toString()).isEqualTo(status);
		});
	}

	@Override
	public void close() {
		this.process.close();
	}

}
