package ai.flo.interviewer.worker;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ai.flo.interviewer.shared.ProcessIdentity;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The API's view of the worker started beside it by {@code start.sh}: UP while a worker
 * on this host has a fresh heartbeat. With {@code FLO_WORKER_REQUIRED=false} (workers run
 * elsewhere) a missing worker is reported but does not make the service DOWN.
 */
@Component("worker")
@Profile("!worker")
class WorkerHealthIndicator implements HealthIndicator {

	private final WorkerInstanceRepository repository;

	private final WorkerProperties properties;

	private final ProcessIdentity identity;

	private final Clock clock;

	WorkerHealthIndicator(WorkerInstanceRepository repository, WorkerProperties properties, ProcessIdentity identity,
			Clock clock) {
		this.repository = repository;
		this.properties = properties;
		this.identity = identity;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Instant now = this.clock.instant();
		List<WorkerInstance> workers = this.repository.findByHostOrderByLastSeenDesc(this.identity.host());
		List<Map<String, Object>> shown = workers.stream()
			.limit(5)
			.map((w) -> Map.<String, Object>of("id", w.id(), "state", w.state(), "alive",
					w.aliveAt(now, this.properties.heartbeatStaleAfter()), "lastSeen", w.lastSeen().toString(),
					"startedAt", w.startedAt().toString()))
			.toList();
		boolean alive = workers.stream().anyMatch((w) -> w.aliveAt(now, this.properties.heartbeatStaleAfter()));
		Health.Builder builder;
		if (alive) {
			builder = Health.up();
		}
		else if (this.properties.required()) {
			builder = Health.down()
				.withDetail("reason",
						workers.isEmpty() ? "no worker has started on host " + this.identity.host()
								: "no heartbeat from a worker on host " + this.identity.host() + " within "
										+ this.properties.heartbeatStaleAfter());
		}
		else {
			builder = Health.unknown().withDetail("reason", "no live worker on this host (not required)");
		}
		return builder.withDetail("host", this.identity.host()).withDetail("workers", shown).build();
	}

}
