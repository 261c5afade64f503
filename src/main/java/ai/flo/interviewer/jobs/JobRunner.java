package ai.flo.interviewer.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.flo.interviewer.shared.LogContext;
import ai.flo.interviewer.shared.ProcessIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Claims due jobs and runs them on a bounded pool, renewing each lease while its job
 * runs. When the lease of a job is lost (this process stalled and another worker took
 * over) the job's thread is interrupted and its late result is discarded by the store. A
 * job that fails for good has its handler's {@link JobHandler#gaveUp give-up hook} run at
 * once, and again by a periodic sweep for failures whose hook has not run (a worker died
 * in between, or the job ran out of attempts with its workers dying).
 */
@Component
@ConditionalOnBooleanProperty("flo.jobs.runner-enabled")
class JobRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

	private final JobStore store;

	private final JobsProperties properties;

	private final Map<String, JobHandler> handlers;

	private final String worker;

	private final Map<String, Running> running = new ConcurrentHashMap<>();

	private final Semaphore slots;

	private volatile boolean active;

	private ExecutorService pool;

	private ScheduledExecutorService scheduler;

	private Thread dispatcher;

	private final MeterRegistry meters;

	/**
	 * Queued jobs by type, read at most every few seconds (a scrape must not hammer the
	 * database).
	 */
	private volatile Map<String, Long> queued = Map.of();

	private volatile long queuedReadAt = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);

	JobRunner(JobStore store, JobsProperties properties, List<JobHandler> handlers, ProcessIdentity identity,
			MeterRegistry meters) {
		this.store = store;
		this.properties = properties;
		this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
		this.worker = identity.id();
		this.slots = new Semaphore(properties.concurrency());
		this.meters = meters;
		for (String type : this.handlers.keySet()) {
			Gauge.builder("flo.jobs.running", this, (runner) -> runner.runningCount(type))
				.description("Jobs this worker is running")
				.tag("type", type)
				.register(meters);
			Gauge.builder("flo.jobs.queued", this, (runner) -> runner.queuedCount(type))
				.description("Jobs waiting to run (all workers)")
				.tag("type", type)
				.register(meters);
		}
	}

	@Override
	public void start() {
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.properties.concurrency(),
				(task) -> new Thread(task, "job-" + threads.incrementAndGet()));
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> new Thread(task, "job-lease"));
		long renewEvery = Math.max(1000, this.properties.lease().toMillis() / 3);
		this.scheduler.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
		this.scheduler.scheduleWithFixedDelay(this::forgetOldJobs, 1, 60, TimeUnit.MINUTES);
		long sweepEvery = Math.max(1000, this.properties.pollInterval().toMillis() * 5);
		this.scheduler.scheduleWithFixedDelay(this::sweepGivenUp, sweepEvery, sweepEvery, TimeUnit.MILLISECONDS);
		this.active = true;
		this.dispatcher = new Thread(this::dispatch, "job-dispatcher");
		this.dispatcher.start();
		log.info("Job runner {} started: {} slots, handlers {}", this.worker, this.properties.concurrency(),
				this.handlers.keySet());
	}

	private void dispatch() {
		while (this.active) {
			try {
				this.slots.acquire();
				Optional<JobStore.Claim> claim = this.active ? this.store.claim(this.worker) : Optional.empty();
				if (claim.isEmpty()) {
					this.slots.release();
					Thread.sleep(this.properties.pollInterval().toMillis());
					continue;
				}
				submit(claim.get());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The database may be briefly unreachable; keep the runner alive.
				this.slots.release();
				log.warn("Claiming a job failed: {}", ex.toString());
				sleepQuietly(this.properties.pollInterval().toMillis());
			}
		}
	}

	private void submit(JobStore.Claim claim) {
		Running entry = new Running(claim);
		this.running.put(claim.id(), entry);
		entry.future = this.pool.submit(() -> {
			// Every line about the job carries its id, type and the ids of its payload.
			try (LogContext ids = LogContext.withIdsOf(claim.payload(), "job.id", claim.id(), "job.type",
					claim.type())) {
				execute(entry);
			}
		});
	}

	private void execute(Running entry) {
		JobStore.Claim claim = entry.claim;
		long started = System.nanoTime();
		String outcome = "failed";
		try {
			JobHandler handler = this.handlers.get(claim.type());
			if (handler == null) {
				this.store.fail(claim, this.worker, "No handler for job type '" + claim.type() + "' in this worker",
						true);
				return;
			}
			Level level = handler.routine() ? Level.DEBUG : Level.INFO;
			log.atLevel(level)
				.log("Job {} ({}) attempt {}/{} started", claim.id(), claim.type(), claim.attempt(),
						claim.maxAttempts());
			String result = handler.run(new Context(entry));
			if (entry.lost) {
				log.warn("Job {} finished after its lease was lost; result discarded", claim.id());
			}
			else if (this.store.succeed(claim, this.worker, result)) {
				log.atLevel(level).log("Job {} ({}) succeeded", claim.id(), claim.type());
			}
			outcome = entry.lost ? "lost" : "succeeded";
		}
		catch (Throwable ex) {
			if (entry.releasing) {
				outcome = "released";
				this.store.release(claim, this.worker);
				log.info("Job {} released for another worker (shutdown)", claim.id());
			}
			else if (entry.lost || ex instanceof LeaseLostException) {
				outcome = "lost";
				log.warn("Job {} stopped: lease lost", claim.id());
			}
			else {
				boolean permanent = ex instanceof PermanentJobFailure;
				String reason = describe(ex);
				Counter.builder("flo.jobs.failed")
					.description("Failed job attempts; final: no attempt left")
					.tag("type", claim.type())
					.tag("final", String.valueOf(permanent || claim.attempt() >= claim.maxAttempts()))
					.register(this.meters)
					.increment();
				boolean recorded = this.store.fail(claim, this.worker, reason, permanent);
				log.warn("Job {} ({}) attempt {}/{} failed{}: {}", claim.id(), claim.type(), claim.attempt(),
						claim.maxAttempts(), permanent ? " permanently" : "", reason);
				if (recorded && (permanent || claim.attempt() >= claim.maxAttempts())) {
					giveUp(new JobStore.GivenUp(claim.id(), claim.type(), claim.payload(), reason));
				}
			}
			if (ex instanceof Error error && !(ex instanceof AssertionError)) {
				throw error;
			}
		}
		finally {
			this.running.remove(claim.id());
			this.slots.release();
			Timer.builder("flo.jobs.duration")
				.description("Job attempts, from claim to result")
				.tag("type", claim.type())
				.tag("outcome", outcome)
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofMillis(10))
				.maximumExpectedValue(Duration.ofHours(1))
				.register(this.meters)
				.record(Duration.ofNanos(System.nanoTime() - started));
		}
	}

	/** Finished jobs are kept for {@code FLO_JOBS_KEEP_FINISHED}, then deleted. */
	void forgetOldJobs() {
		try {
			int forgotten = this.store.forgetFinished(null,
					java.time.Instant.now().minus(this.properties.keepFinished()));
			if (forgotten > 0) {
				log.info("Deleted {} job(s) finished more than {} ago", forgotten, this.properties.keepFinished());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Deleting old finished jobs failed: {}", ex.toString());
		}
	}

	/** Tells the owners of jobs that failed for good and have not been told yet. */
	void sweepGivenUp() {
		try {
			for (JobStore.GivenUp job : this.store.givenUp(this.handlers.keySet(), 20)) {
				giveUp(job);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Looking for failed jobs to report failed: {}", ex.toString());
		}
	}

	private void giveUp(JobStore.GivenUp job) {
		JobHandler handler = this.handlers.get(job.type());
		if (handler == null) {
			return;
		}
		try {
			handler.gaveUp(job.payload(), job.reason());
			this.store.gaveUpHandled(job.id());
			log.info("Job {} ({}) failed for good; its owner is marked failed", job.id(), job.type());
		}
		catch (RuntimeException ex) {
			// Left pending: the sweep tries again.
			log.warn("Job {} ({}): marking its owner failed did not work: {}", job.id(), job.type(), ex.toString());
		}
	}

	private void renewLeases() {
		for (Running entry : this.running.values()) {
			try {
				if (!this.store.renew(entry.claim.id(), this.worker)) {
					entry.lost = true;
					Future<?> future = entry.future;
					if (future != null) {
						future.cancel(true);
					}
					log.warn("Lost the lease on job {}; interrupting it", entry.claim.id());
				}
			}
			catch (RuntimeException ex) {
				log.warn("Renewing the lease on job {} failed: {}", entry.claim.id(), ex.toString());
			}
		}
	}

	@Override
	public void stop() {
		this.active = false;
		if (this.dispatcher != null) {
			this.dispatcher.interrupt();
		}
		this.pool.shutdown();
		try {
			if (!this.pool.awaitTermination(this.properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("{} job(s) still running after {}; interrupting and releasing them", this.running.size(),
						this.properties.shutdownGrace());
				this.running.values().forEach((entry) -> entry.releasing = true);
				this.pool.shutdownNow();
				this.pool.awaitTermination(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.scheduler.shutdownNow();
		log.info("Job runner {} stopped", this.worker);
	}

	@Override
	public boolean isRunning() {
		return this.active;
	}

	@Override
	public int getPhase() {
		// Stop before the web server and the database pool.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	int runningCount() {
		return this.running.size();
	}

	private int runningCount(String type) {
		return (int) this.running.values().stream().filter((entry) -> entry.claim.type().equals(type)).count();
	}

	private double queuedCount(String type) {
		long now = System.nanoTime();
		if (now - this.queuedReadAt > TimeUnit.SECONDS.toNanos(5)) {
			try {
				this.queued = this.store.queuedByType();
				this.queuedReadAt = now;
			}
			catch (RuntimeException ex) {
				return Double.NaN;
			}
		}
		return this.queued.getOrDefault(type, 0L);
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		String text = (ex instanceof PermanentJobFailure) ? message
				: ex.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
		Throwable cause = ex.getCause();
		if (cause != null && cause != ex && cause.getMessage() != null) {
			text += " (caused by " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
		}
		return text;
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class Running {

		final JobStore.Claim claim;

		volatile Future<?> future;

		volatile boolean lost;

		volatile boolean releasing;

		Running(JobStore.Claim claim) {
			this.claim = claim;
		}

	}

	private final class Context implements JobContext {

		private final Running entry;

		Context(Running entry) {
			this.entry = entry;
		}

		@Override
		public String id() {
			return this.entry.claim.id();
		}

		@Override
		public String type() {
			return this.entry.claim.type();
		}

		@Override
		public String payload() {
			return this.entry.claim.payload();
		}

		@Override
		public int attempt() {
			return this.entry.claim.attempt();
		}

		@Override
		public int maxAttempts() {
			return this.entry.claim.maxAttempts();
		}

		@Override
		public void progress(String stage, int percent) {
			if (this.entry.lost || !JobRunner.this.store.progress(id(), JobRunner.this.worker, stage, percent)) {
				this.entry.lost = true;
				throw new LeaseLostException(id());
			}
		}

		@Override
		public boolean stillOwned() {
			return !this.entry.lost;
		}

	}

}
