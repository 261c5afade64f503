package ai.flo.interviewer.agent;

import java.time.Duration;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import ai.flo.interviewer.livekit.LiveKitProperties;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When LiveKit's engine reports a panic the worker stops taking jobs, reports DOWN with
 * the reason, and exits with status 70 so that start.sh replaces it (the restart itself
 * is shown by ContainerProcessIT).
 */
class AgentPanicTests {

	@Test
	void aReportedPanicMakesTheWorkerStepDownAndExit() throws Exception {
		AgentJobHandler echo = new AgentJobHandler() {

			@Override
			public String name() {
				return "echo";
			}

			@Override
			public void run(AgentJob job) {
			}

		};
		AgentWorker worker = new AgentWorker(
				new AgentProperties(false, "echo", 4, Duration.ofSeconds(2), Duration.ofMinutes(1),
						Duration.ofSeconds(5), Duration.ofMillis(500), 0.7),
				new LiveKitProperties(URI.create("ws://127.0.0.1:9"), "devkey", "secret", "interviewer"),
				List.of(echo));
		CompletableFuture<Integer> exited = new CompletableFuture<>();
		worker.exit = exited::complete;

		worker.enginePanicked("livekit/src/room/mod.rs:1766: called `Option::unwrap()` on a `None` value");

		assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo(AgentWorker.PANIC_EXIT);
		assertThat(worker.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(worker.health().getDetails()).containsEntry("state", "PANICKED")
			.hasEntrySatisfying("lastError", (error) -> assertThat(error.toString()).contains("mod.rs:1766"));
	}

}
