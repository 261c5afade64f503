package ai.flo.interviewer.agent;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.flo.interviewer.agent.rtc.FfiEngine;
import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.livekit.LiveKitProperties;
import ai.flo.interviewer.shared.LogContext;
import io.livekit.server.AccessToken;
import io.livekit.server.Agent;
import livekit.LivekitAgent.AvailabilityRequest;
import livekit.LivekitAgent.AvailabilityResponse;
import livekit.LivekitAgent.JobAssignment;
import livekit.LivekitAgent.JobStatus;
import livekit.LivekitAgent.JobType;
import livekit.LivekitAgent.RegisterWorkerRequest;
import livekit.LivekitAgent.ServerMessage;
import livekit.LivekitAgent.UpdateJobStatus;
import livekit.LivekitAgent.UpdateWorkerStatus;
import livekit.LivekitAgent.WorkerMessage;
import livekit.LivekitAgent.WorkerPing;
import livekit.LivekitAgent.WorkerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * A LiveKit agent worker in Java: registers on LiveKit's {@code /agent} WebSocket under
 * our agent name, reports status and load, accepts jobs up to {@code maxJobs}, joins each
 * job's room with the token LiveKit mints, runs the configured {@link AgentJobHandler},
 * reports the job's outcome, honours termination, answers pings, reconnects with a capped
 * backoff, and drains on shutdown. Its health (component {@code agent} of the worker's
 * /health) is DOWN while not registered.
 */
@Component("agent")
@Profile("worker")
class AgentWorker implements SmartLifecycle, HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(AgentWorker.class);

	static final String VERSION = "flo-interviewer";

	private final AgentProperties properties;

	private final LiveKitProperties livekit;

	private final AgentJobHandler handler;

	private final Map<String, RunningJob> jobs = new ConcurrentHashMap<>();

	private final AtomicInteger reserved = new AtomicInteger();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Object sendLock = new Object();

	private volatile boolean running;

	private volatile boolean draining;

	private volatile State state = State.STOPPED;

	private volatile String workerId;

	private volatile String lastError;

	private volatile Instant registeredAt;

	private volatile WebSocket socket;

	private volatile CompletableFuture<Void> socketClosed = new CompletableFuture<>();

	private Thread connector;

	private ScheduledExecutorService timer;

	private ExecutorService jobThreads;

	AgentWorker(AgentProperties properties, LiveKitProperties livekit, List<AgentJobHandler> handlers) {
		this.properties = properties;
		this.livekit = livekit;
		Map<String, AgentJobHandler> byName = handlers.stream()
			.collect(Collectors.toMap(AgentJobHandler::name, Function.identity()));
		this.handler = byName.get(properties.handler());
		if (this.handler == null) {
			throw new IllegalStateException(
					"No agent handler named '" + properties.handler() + "' (have " + byName.keySet() + ")");
		}
	}

	enum State {

		STOPPED, NOT_CONFIGURED, CONNECTING, REGISTERED, DRAINING,

		/**
		 * LiveKit's native engine panicked: no more jobs, health DOWN, and the process
		 * exits to be replaced (start.sh restarts it).
		 */
		PANICKED

	}

	/** How the process ends after a panic (a test replaces it). */
	java.util.function.IntConsumer exit = System::exit;

	/** The exit status after a panic of LiveKit's engine (EX_SOFTWARE). */
	static final int PANIC_EXIT = 70;

	@Override
	public void start() {
		this.running = true;
		FfiEngine.onPanic(this::enginePanicked);
		if (!this.livekit.configured()) {
			this.state = State.NOT_CONFIGURED;
			log.warn(
					"LiveKit is not configured (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET): the agent worker stays idle");
			return;
		}
		AtomicInteger threads = new AtomicInteger();
		this.jobThreads = Executors
			.newCachedThreadPool((task) -> new Thread(task, "agent-job-" + threads.incrementAndGet()));
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> new Thread(task, "agent-status"));
		long every = this.properties.statusInterval().toMillis();
		this.timer.scheduleWithFixedDelay(this::reportStatus, every, every, TimeUnit.MILLISECONDS);
		this.connector = new Thread(this::connectLoop, "agent-connector");
		this.connector.start();
	}

	/**
	 * Connects, registers and stays connected; after a drop waits 1 s, 2 s, 4 s ... up to
	 * the cap.
	 */
	private void connectLoop() {
		long delay = 1000;
		while (this.running && !this.draining) {
			this.state = State.CONNECTING;
			try {
				connectAndRegister();
				delay = 1000;
				this.socketClosed.join();
			}
			catch (Exception ex) {
				this.lastError = describe(ex);
				log.warn("Agent worker: cannot register with LiveKit at {}: {}", this.livekit.url(), this.lastError);
			}
			closeSocket();
			this.workerId = null;
			this.registeredAt = null;
			if (!this.running || this.draining) {
				return;
			}
			this.state = State.CONNECTING;
			try {
				Thread.sleep(delay);
			}
			catch (InterruptedException ex) {
				return;
			}
			delay = Math.min(delay * 2, this.properties.reconnectMaxDelay().toMillis());
		}
	}

	private void connectAndRegister() throws Exception {
		AccessToken token = new AccessToken(this.livekit.apiKey(), this.livekit.apiSecret());
		token.addGrants(new Agent(true));
		this.socketClosed = new CompletableFuture<>();
		CompletableFuture<ServerMessage> registered = new CompletableFuture<>();
		Listener listener = new Listener(registered);
		this.socket = this.http.newWebSocketBuilder()
			.header("Authorization", "Bearer " + token.toJwt())
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create(webSocketBase() + "/agent"), listener)
			.get(10, TimeUnit.SECONDS);
		send(WorkerMessage.newBuilder()
			.setRegister(RegisterWorkerRequest.newBuilder()
				.setType(JobType.JT_ROOM)
				.setAgentName(this.livekit.agentName())
				.setVersion(VERSION))
			.build());
		ServerMessage reply = registered.get(10, TimeUnit.SECONDS);
		this.workerId = reply.getRegister().getWorkerId();
		this.registeredAt = Instant.now();
		this.lastError = null;
		this.state = this.draining ? State.DRAINING : State.REGISTERED;
		log.info("Agent worker {} registered as '{}' with LiveKit {} at {}", this.workerId, this.livekit.agentName(),
				reply.getRegister().getServerInfo().getVersion(), this.livekit.url());
		reportStatus();
	}

	private void onMessage(ServerMessage message) {
		switch (message.getMessageCase()) {
			case AVAILABILITY -> answerAvailability(message.getAvailability());
			case ASSIGNMENT -> startJob(message.getAssignment());
			case TERMINATION -> {
				RunningJob job = this.jobs.get(message.getTermination().getJobId());
				if (job != null) {
					log.info("LiveKit terminated job {}", job.job.id());
					job.job.end(AgentJob.End.TERMINATED, "terminated by LiveKit");
				}
			}
			default -> {
			}
		}
	}

	private void answerAvailability(AvailabilityRequest request) {
		String jobId = request.getJob().getId();
		boolean available = !this.draining && reserveSlot();
		if (available) {
			this.pendingReservations.put(jobId, Boolean.TRUE);
			// An accepted job that is never assigned must not hold its slot for ever.
			this.timer.schedule(() -> {
				if (this.pendingReservations.remove(jobId) != null) {
					this.reserved.decrementAndGet();
				}
			}, 30, TimeUnit.SECONDS);
		}
		send(WorkerMessage.newBuilder()
			.setAvailability(AvailabilityResponse.newBuilder()
				.setJobId(jobId)
				.setAvailable(available)
				.setParticipantIdentity("agent-" + jobId)
				.setParticipantName("Interviewer"))
			.build());
		log.info("Job {} for room {}: {}", jobId, request.getJob().getRoom().getName(),
				available ? "accepted" : "declined (" + (this.draining ? "draining" : "full") + ")");
	}

	private boolean reserveSlot() {
		if (this.state == State.PANICKED) {
			return false;
		}
		int current;
		do {
			current = this.reserved.get();
			if (current >= this.properties.maxJobs()) {
				return false;
			}
		}
		while (!this.reserved.compareAndSet(current, current + 1));
		return true;
	}

	/** Jobs accepted in an availability answer and not assigned yet. */
	private final Map<String, Boolean> pendingReservations = new ConcurrentHashMap<>();

	private void startJob(JobAssignment assignment) {
		var job = assignment.getJob();
		if (this.pendingReservations.remove(job.getId()) == null) {
			this.reserved.incrementAndGet();
		}
		AgentJob agentJob = new AgentJob(job.getId(), job.getRoom().getName(), job.getMetadata());
		RunningJob running = new RunningJob(agentJob);
		this.jobs.put(job.getId(), running);
		String url = assignment.hasUrl() && !assignment.getUrl().isBlank() ? assignment.getUrl() : webSocketBase();
		running.future = CompletableFuture.runAsync(() -> {
			// Every line about the interview carries its session id (from the dispatch's
			// metadata).
			try (LogContext ids = LogContext.withIdsOf(agentJob.metadata(), "agent.job.id", agentJob.id())) {
				runJob(running, url, assignment.getToken());
			}
		}, this.jobThreads);
	}

	private void runJob(RunningJob running, String url, String token) {
		AgentJob job = running.job;
		String error = null;
		updateJob(job.id(), JobStatus.JS_RUNNING, null);
		try (Room room = Room.connect(url, token, job, Duration.ofSeconds(20))) {
			running.room = room;
			job.attach(room);
			log.info("Job {} joined room {} as {}", job.id(), room.name(), room.localIdentity());
			this.handler.run(job);
		}
		catch (Throwable ex) {
			error = describe(ex);
			log.warn("Job {} in room {} failed: {}", job.id(), job.roomName(), error);
		}
		finally {
			this.jobs.remove(job.id());
			this.reserved.decrementAndGet();
			updateJob(job.id(), (error == null) ? JobStatus.JS_SUCCESS : JobStatus.JS_FAILED, error);
			log.info("Job {} ended: {}", job.id(), (error != null) ? error : job.endReason());
			reportStatus();
		}
	}

	private void updateJob(String jobId, JobStatus status, String error) {
		UpdateJobStatus.Builder update = UpdateJobStatus.newBuilder().setJobId(jobId).setStatus(status);
		if (error != null) {
			update.setError(error);
		}
		trySend(WorkerMessage.newBuilder().setUpdateJob(update).build());
	}

	private void reportStatus() {
		if (this.workerId == null) {
			return;
		}
		int active = this.jobs.size();
		boolean full = this.draining || this.reserved.get() >= this.properties.maxJobs();
		float load = full ? 1f : availableLoad(this.reserved.get(), this.properties.maxJobs(), cpuLoad(),
				this.properties.serverTargetLoad());
		trySend(WorkerMessage.newBuilder()
			.setUpdateWorker(UpdateWorkerStatus.newBuilder()
				.setStatus(full ? WorkerStatus.WS_FULL : WorkerStatus.WS_AVAILABLE)
				.setLoad(load)
				.setJobCount(active))
			.build());
		trySend(WorkerMessage.newBuilder()
			.setPing(WorkerPing.newBuilder().setTimestamp(System.currentTimeMillis()))
			.build());
	}

	/**
	 * The load a worker with a free slot reports: the larger of its share of slots taken
	 * and its process's CPU, scaled below the server's target load. LiveKit's server
	 * gives a job only to a worker under its target load (a claim at or above it counts
	 * for nothing), so the plain figure would turn away the last slots of a worker alone
	 * (3 of 4 taken is 0.75) and any job while a burst of CPU lasts. Among workers the
	 * order is kept: the less loaded one is still preferred.
	 */
	static float availableLoad(int reserved, int maxJobs, double cpu, double targetLoad) {
		double busy = Math.min(1.0, Math.max((double) reserved / maxJobs, cpu));
		return (float) (targetLoad * 0.95 * busy);
	}

	private static double cpuLoad() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			double load = os.getProcessCpuLoad();
			return (load < 0) ? 0 : load;
		}
		return 0;
	}

	private void trySend(WorkerMessage message) {
		try {
			send(message);
		}
		catch (RuntimeException ex) {
			log.debug("Sending {} to LiveKit failed: {}", message.getMessageCase(), ex.toString());
		}
	}

	private void send(WorkerMessage message) {
		WebSocket current = this.socket;
		if (current == null) {
			throw new IllegalStateException("not connected to LiveKit");
		}
		// The JDK WebSocket allows one outstanding send at a time.
		synchronized (this.sendLock) {
			current.sendBinary(ByteBuffer.wrap(message.toByteArray()), true).orTimeout(10, TimeUnit.SECONDS).join();
		}
	}

	private String webSocketBase() {
		String url = this.livekit.url().toString().replaceFirst("/+$", "");
		if (url.startsWith("http://")) {
			return "ws://" + url.substring("http://".length());
		}
		if (url.startsWith("https://")) {
			return "wss://" + url.substring("https://".length());
		}
		return url;
	}

	@Override
	public void stop(Runnable callback) {
		Thread drainer = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "agent-drain");
		drainer.start();
	}

	/**
	 * Drains: reports itself full so LiveKit sends no new job, lets running jobs finish
	 * up to the drain timeout, ends the rest, then leaves.
	 */
	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.draining = true;
		if (this.state == State.REGISTERED) {
			this.state = State.DRAINING;
		}
		reportStatus();
		if (!this.jobs.isEmpty()) {
			log.info("Agent worker draining: waiting up to {} for {} running job(s)", this.properties.drainTimeout(),
					this.jobs.size());
		}
		long deadline = System.nanoTime() + this.properties.drainTimeout().toNanos();
		for (RunningJob job : List.copyOf(this.jobs.values())) {
			long left = deadline - System.nanoTime();
			try {
				if (left > 0) {
					job.future.get(left, TimeUnit.NANOSECONDS);
				}
			}
			catch (Exception ex) {
				// Timed out or failed: ended below.
			}
		}
		for (RunningJob job : List.copyOf(this.jobs.values())) {
			log.warn("Ending job {} after the drain timeout", job.job.id());
			job.job.end(AgentJob.End.AGENT_LOST, "the worker is shutting down");
		}
		for (RunningJob job : List.copyOf(this.jobs.values())) {
			try {
				job.future.get(15, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				log.warn("Job {} did not end: {}", job.job.id(), ex.toString());
			}
		}
		this.running = false;
		closeSocket();
		if (this.connector != null) {
			this.connector.interrupt();
		}
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
		if (this.jobThreads != null) {
			this.jobThreads.shutdownNow();
		}
		this.state = State.STOPPED;
		log.info("Agent worker stopped");
	}

	private void closeSocket() {
		WebSocket current = this.socket;
		this.socket = null;
		if (current != null) {
			try {
				current.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
					.orTimeout(2, TimeUnit.SECONDS)
					.exceptionally((ex) -> null)
					.join();
			}
			catch (RuntimeException ex) {
				current.abort();
			}
		}
		this.socketClosed.complete(null);
	}

	/**
	 * LiveKit's engine reported a panic: every room it runs is suspect. The worker takes
	 * no more jobs (it tells LiveKit it is full), reports DOWN, ends its jobs (their
	 * sessions keep what was said), and exits so that a fresh process takes over.
	 */
	void enginePanicked(String message) {
		if (this.state == State.PANICKED) {
			return;
		}
		this.state = State.PANICKED;
		this.draining = true;
		this.lastError = "LiveKit's engine panicked: " + message;
		log.error("{}: taking no more jobs, ending {} job(s), exiting with status {} to be restarted", this.lastError,
				this.jobs.size(), PANIC_EXIT);
		trySend(WorkerMessage.newBuilder()
			.setUpdateWorker(UpdateWorkerStatus.newBuilder().setStatus(WorkerStatus.WS_FULL).setLoad(1f))
			.build());
		this.jobs.values().forEach((job) -> job.job.end(AgentJob.End.AGENT_LOST, "LiveKit's engine panicked"));
		Thread exiting = new Thread(() -> {
			for (RunningJob job : this.jobs.values()) {
				try {
					job.future.get(5, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					// Ending it is what we could do.
				}
			}
			this.exit.accept(PANIC_EXIT);
		}, "agent-panic-exit");
		exiting.setDaemon(false);
		exiting.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stops (drains) before the job runner and the heartbeat.
		return SmartLifecycle.DEFAULT_PHASE - 512;
	}

	@Override
	public Health health() {
		Health.Builder builder = switch (this.state) {
			case REGISTERED, DRAINING -> Health.up();
			case NOT_CONFIGURED -> Health.unknown().withDetail("reason", "LiveKit is not configured");
			default -> Health.down();
		};
		builder.withDetail("state", this.state.name()).withDetail("agentName", this.livekit.agentName());
		if (this.workerId != null) {
			builder.withDetail("workerId", this.workerId).withDetail("registeredAt", String.valueOf(this.registeredAt));
		}
		if (this.livekit.url() != null) {
			builder.withDetail("livekit", this.livekit.url().toString());
		}
		builder.withDetail("jobs", this.jobs.size()).withDetail("maxJobs", this.properties.maxJobs());
		if (this.lastError != null) {
			builder.withDetail("lastError", this.lastError);
		}
		return builder.build();
	}

	int activeJobs() {
		return this.jobs.size();
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof java.util.concurrent.ExecutionException
				|| cause instanceof java.util.concurrent.CompletionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + Room.redactToken(message) : "");
	}

	private static final class RunningJob {

		final AgentJob job;

		volatile CompletableFuture<Void> future;

		volatile Room room;

		RunningJob(AgentJob job) {
			this.job = job;
		}

	}

	private final class Listener implements WebSocket.Listener {

		private final CompletableFuture<ServerMessage> registered;

		private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

		Listener(CompletableFuture<ServerMessage> registered) {
			this.registered = registered;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.partial.write(bytes, 0, bytes.length);
			if (last) {
				try {
					ServerMessage message = ServerMessage.parseFrom(this.partial.toByteArray());
					if (message.hasRegister()) {
						this.registered.complete(message);
					}
					else {
						onMessage(message);
					}
				}
				catch (Exception ex) {
					log.warn("Handling a message from LiveKit failed", ex);
				}
				finally {
					this.partial.reset();
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			if (AgentWorker.this.running && !AgentWorker.this.draining) {
				AgentWorker.this.lastError = "LiveKit closed the connection (" + statusCode + " " + reason + ")";
				log.warn("Agent worker: {}", AgentWorker.this.lastError);
			}
			AgentWorker.this.socketClosed.complete(null);
			this.registered.completeExceptionally(new IllegalStateException("closed before registering"));
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			AgentWorker.this.lastError = "connection to LiveKit failed: " + error;
			if (AgentWorker.this.running) {
				log.warn("Agent worker: {}", AgentWorker.this.lastError);
			}
			AgentWorker.this.socketClosed.complete(null);
			this.registered.completeExceptionally(error);
		}

	}

}
