package ai.flo.interviewer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.flo.interviewer.agent.rtc.AudioFrame;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.Speech;

import static org.awaitility.Awaitility.await;

/**
 * Agent runtime benchmarks; prints figures, asserts nothing. Run by
 * {@code scripts/bench/agent.sh}.
 * <ol>
 * <li>Audio latency through a real LiveKit server on loopback: a click published by one
 * room client, its onset detected by another (candidate to agent, and agent to
 * candidate).</li>
 * <li>CPU and resident memory of the packaged worker (echo agent) with 1, 5, 10 and 20
 * rooms, each with a candidate speaking continuously.</li>
 * </ol>
 */
public final class AgentBenchmark {

	private static final int RATE = 16_000;

	private static final int FRAME = RATE / 100;

	public static void main(String[] args) throws Exception {
		int clicks = Integer.getInteger("clicks", 40);
		List<Integer> roomCounts = Arrays.stream(System.getProperty("rooms", "1,5,10,20").split(","))
			.map(Integer::parseInt)
			.toList();
		System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("os.name"), System.getProperty("java.version"));
		try (LiveKitTestServer server = LiveKitTestServer.start()) {
			run(server, clicks, roomCounts);
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			System.exit(1);
		}
		System.exit(0);
	}

	private static void run(LiveKitTestServer server, int clicks, List<Integer> roomCounts) throws Exception {
		{
			if (clicks > 0) {
				latency(server, clicks, "candidate -> agent");
				latency(server, clicks, "agent -> candidate");
			}
			load(server, roomCounts);
		}
	}

	/**
	 * One participant clicks every 500 ms (10 ms of tone in continuous silence), the
	 * other times the onset.
	 */
	static void latency(LiveKitTestServer server, int clicks, String label) throws Exception {
		String room = "latency-" + UUID.randomUUID().toString().substring(0, 8);
		try (Room sender = Room.connect(server.url(), LiveKitTestServer.candidateToken(room, "sender", null, null),
				null, Duration.ofSeconds(20));
				Room receiver = Room.connect(server.url(),
						LiveKitTestServer.candidateToken(room, "receiver", null, null), null, Duration.ofSeconds(20))) {
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.participant("sender").isPresent());
			List<Long> sent = new CopyOnWriteArrayList<>();
			List<Long> received = new CopyOnWriteArrayList<>();
			try (LocalAudio out = sender.publishAudio("clicks", RATE, 1, 50);
					RemoteAudio in = receiver.subscribeAudio("sender", RATE, 1, 1000)) {
				AtomicBoolean running = new AtomicBoolean(true);
				Thread detector = new Thread(() -> {
					boolean loud = false;
					try {
						while (running.get()) {
							AudioFrame frame = in.poll(Duration.ofMillis(50));
							if (frame == null) {
								continue;
							}
							boolean now = frame.rms() > 1000;
							if (now && !loud) {
								received.add(System.nanoTime());
							}
							loud = now;
						}
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}, "latency-detector");
				detector.start();
				short[] silence = new short[FRAME];
				short[] click = new short[FRAME];
				for (int i = 0; i < FRAME; i++) {
					click[i] = (short) (12000 * Math.sin(2 * Math.PI * 1000 * i / (double) RATE));
				}
				long next = System.nanoTime();
				// Two seconds of silence to settle, then a click every 50 frames.
				for (int frame = 0; frame < 200 + clicks * 50; frame++) {
					boolean isClick = frame >= 200 && (frame - 200) % 50 == 0;
					if (isClick) {
						sent.add(System.nanoTime());
					}
					out.write(isClick ? click : silence);
					next += 10_000_000L;
					long sleep = next - System.nanoTime();
					if (sleep > 0) {
						TimeUnit.NANOSECONDS.sleep(sleep);
					}
				}
				Thread.sleep(500);
				running.set(false);
				detector.join(1000);
			}
			List<Double> latencies = new ArrayList<>();
			for (long at : sent) {
				received.stream()
					.filter((r) -> r >= at && r - at < 400_000_000L)
					.findFirst()
					.ifPresent((r) -> latencies.add((r - at) / 1e6));
			}
			latencies.sort(null);
			System.out.printf(Locale.ROOT,
					"latency %s: %d of %d clicks detected, p50 %.1f ms, p95 %.1f ms, min %.1f, max %.1f%n", label,
					latencies.size(), sent.size(), percentile(latencies, 50), percentile(latencies, 95),
					latencies.isEmpty() ? Double.NaN : latencies.get(0),
					latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1));
		}
	}

	static void load(LiveKitTestServer server, List<Integer> roomCounts) throws Exception {
		short[] speech = Speech
			.pcm16kMono("Tell me about a project you are proud of, and what you would do differently today.");
		Path home = Files.createTempDirectory("flo-bench-agent");
		int port = AppProcess.freePort();
		int max = roomCounts.stream().mapToInt(Integer::intValue).max().orElse(20);
		try (AppProcess worker = AppProcess.javaJar(home,
				AppProcess.env("LIVEKIT_URL", server.url(), "LIVEKIT_API_KEY", LiveKitTestServer.KEY,
						"LIVEKIT_API_SECRET", LiveKitTestServer.SECRET, "FLO_HOME", home.toString(),
						"FLO_WORKER_HEALTH_PORT", String.valueOf(port), "FLO_AGENT_MAX_JOBS", String.valueOf(max + 5),
						"FLO_AGENT_HANDLER", "echo", "RUST_LOG", "warn"),
				"--spring.profiles.active=worker")) {
			await().atMost(Duration.ofSeconds(90))
				.failFast("the worker exited:\n" + "see its output", () -> !worker.process().isAlive())
				.until(() -> AppProcess.get("http://127.0.0.1:" + port + "/health").body().contains("\"REGISTERED\""));
			Thread.sleep(5000);
			Sample idle = Sample.of(worker.pid(), Duration.ofSeconds(10));
			System.out.printf(Locale.ROOT, "worker idle (registered, no room): CPU %.1f %% of one core, RSS %.0f MiB%n",
					idle.cpuPercent(), idle.rssMiB());
			for (int rooms : roomCounts) {
				List<Speaker> speakers = new ArrayList<>();
				try {
					for (int i = 0; i < rooms; i++) {
						speakers.add(new Speaker(server, speech));
					}
					for (Speaker speaker : speakers) {
						speaker.awaitAgent();
					}
					Thread.sleep(10_000);
					Sample busy = Sample.of(worker.pid(), Duration.ofSeconds(20));
					Sample self = Sample.of(ProcessHandle.current().pid(), Duration.ofSeconds(1));
					long heard = speakers.stream().mapToLong((s) -> s.heard.get()).sum();
					System.out.printf(Locale.ROOT,
							"worker with %2d rooms: CPU %5.1f %% of one core, RSS %4.0f MiB (%.1f MiB per room above idle); "
									+ "candidates heard %d echo frames; benchmark JVM RSS %.0f MiB%n",
							rooms, busy.cpuPercent(), busy.rssMiB(), (busy.rssMiB() - idle.rssMiB()) / rooms, heard,
							self.rssMiB());
				}
				finally {
					for (Speaker speaker : speakers) {
						speaker.close();
					}
				}
				Thread.sleep(3000);
			}
		}
	}

	private static double percentile(List<Double> sorted, int p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	/** CPU time and resident memory of a process over a window, from /proc. */
	record Sample(double cpuPercent, double rssMiB) {

		static Sample of(long pid, Duration window) throws IOException, InterruptedException {
			long before = cpuTicks(pid);
			long start = System.nanoTime();
			Thread.sleep(window.toMillis());
			long ticks = cpuTicks(pid) - before;
			double seconds = (System.nanoTime() - start) / 1e9;
			return new Sample(ticks / 100.0 / seconds * 100, rss(pid));
		}

		private static long cpuTicks(long pid) throws IOException {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}

		private static double rss(long pid) throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
				}
			}
			return Double.NaN;
		}

	}

	/** A candidate speaking in a loop in its own room, listening to the agent. */
	static final class Speaker implements RoomListener, AutoCloseable {

		final Room room;

		final java.util.concurrent.atomic.AtomicLong heard = new java.util.concurrent.atomic.AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final short[] speech;

		private final List<Thread> threads = new ArrayList<>();

		private LocalAudio microphone;

		private RemoteAudio agentAudio;

		Speaker(LiveKitTestServer server, short[] speech) {
			this.speech = speech;
			String name = "load-" + UUID.randomUUID().toString().substring(0, 8);
			this.room = Room.connect(server.url(),
					LiveKitTestServer.candidateToken(name, "candidate", "interviewer", "{}"), this,
					Duration.ofSeconds(20));
		}

		void awaitAgent() {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.room.participants()
					.stream()
					.anyMatch((p) -> "PARTICIPANT_KIND_AGENT".equals(p.kind())));
			String agent = this.room.participants()
				.stream()
				.filter((p) -> "PARTICIPANT_KIND_AGENT".equals(p.kind()))
				.findFirst()
				.orElseThrow()
				.identity();
			this.microphone = this.room.publishAudio("microphone", RATE, 1, 200);
			this.agentAudio = this.room.subscribeAudio(agent, RATE, 1, 200);
			Thread feeder = new Thread(() -> {
				while (this.running.get()) {
					try {
						this.microphone.write(this.speech);
					}
					catch (RuntimeException ex) {
						return;
					}
				}
			}, "speaker");
			Thread listener = new Thread(() -> {
				try {
					while (this.running.get()) {
						if (this.agentAudio.poll(Duration.ofMillis(100)) != null) {
							this.heard.incrementAndGet();
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "listener");
			this.threads.add(feeder);
			this.threads.add(listener);
			feeder.start();
			listener.start();
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(2000);
			}
			this.room.close();
		}

	}

	private AgentBenchmark() {
	}

}
