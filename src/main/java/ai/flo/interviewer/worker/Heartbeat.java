package ai.flo.interviewer.worker;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ai.flo.interviewer.shared.ProcessIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker's heartbeat: a row in {@code worker_instances} refreshed every few seconds,
 * so the API (another process, maybe another host) can tell whether the worker lives.
 * Also the worker's own health component: DOWN when it cannot write its heartbeat.
 */
@Component("heartbeat")
@Profile("worker")
class Heartbeat implements SmartLifecycle, HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

	private final WorkerInstanceRepository repository;

	private final TransactionTemplate transactions;

	private final WorkerProperties properties;

	private final ProcessIdentity identity;

	private final Clock clock;

	private final String version;

	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	private volatile Instant lastWritten;

	private volatile String lastError;

	Heartbeat(WorkerInstanceRepository repository, TransactionTemplate transactions, WorkerProperties properties,
			ProcessIdentity identity, Clock clock, ObjectProvider<BuildProperties> build) {
		this.repository = repository;
		this.transactions = transactions;
		this.properties = properties;
		this.identity = identity;
		this.clock = clock;
		BuildProperties buildProperties = build.getIfAvailable();
		this.version = (buildProperties != null) ? buildProperties.getVersion() : "dev";
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> new Thread(task, "worker-heartbeat"));
		this.running = true;
		beat();
		long every = this.properties.heartbeatInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
		log.info("Worker {} is up; heartbeat every {}", this.identity.id(), this.properties.heartbeatInterval());
	}

	private void beat() {
		try {
			Instant now = this.clock.instant();
			this.transactions.executeWithoutResult(
					(status) -> this.repository.findById(this.identity.id()).ifPresentOrElse((instance) -> {
						instance.seen(now);
						this.repository.save(instance);
					}, () -> this.repository.save(new WorkerInstance(this.identity.id(), this.identity.host(),
							this.identity.pid(), this.version, now))));
			this.lastWritten = now;
			this.lastError = null;
		}
		catch (RuntimeException ex) {
			this.lastError = ex.toString();
			log.warn("Writing the worker heartbeat failed: {}", ex.toString());
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.scheduler.shutdownNow();
		try {
			Instant now = this.clock.instant();
			this.transactions
				.executeWithoutResult((status) -> this.repository.findById(this.identity.id()).ifPresent((instance) -> {
					instance.stopped(now);
					this.repository.save(instance);
				}));
		}
		catch (RuntimeException ex) {
			log.warn("Recording the worker's stop failed: {}", ex.toString());
		}
		log.info("Worker {} stopped", this.identity.id());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stop last among our components: the worker is alive until everything else has
		// drained.
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	@Override
	public Health health() {
		Instant written = this.lastWritten;
		boolean fresh = written != null && this.clock.instant().toEpochMilli()
				- written.toEpochMilli() <= this.properties.heartbeatStaleAfter().toMillis();
		Health.Builder builder = (this.running && fresh) ? Health.up() : Health.down();
		builder.withDetail("worker", this.identity.id());
		if (written != null) {
			builder.withDetail("lastHeartbeat", written.toString());
		}
		if (this.lastError != null) {
			builder.withDetail("error", this.lastError);
		}
		return builder.build();
	}

}
