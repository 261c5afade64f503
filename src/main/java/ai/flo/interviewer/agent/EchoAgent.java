package ai.flo.interviewer.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;

import ai.flo.interviewer.agent.rtc.AudioFrame;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.agent.rtc.RoomListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A test agent: plays back what the candidate says, {@code FLO_AGENT_ECHO_DELAY} later.
 * For manual trials with any LiveKit front end until the interviewer exists, and for the
 * runtime's tests.
 */
@Component
class EchoAgent implements AgentJobHandler {

	private static final Logger log = LoggerFactory.getLogger(EchoAgent.class);

	static final int SAMPLE_RATE = 16_000;

	private final Duration delay;

	EchoAgent(AgentProperties properties) {
		this.delay = properties.echoDelay();
	}

	@Override
	public String name() {
		return "echo";
	}

	@Override
	public void run(AgentJob job) throws Exception {
		Optional<RoomListener.Participant> candidate = job.awaitCandidate(Duration.ofMinutes(2));
		if (candidate.isEmpty()) {
			log.info("Job {}: nobody joined within 2 minutes", job.id());
			return;
		}
		int delayFrames = (int) Math.max(0, this.delay.toMillis() / 10);
		try (RemoteAudio in = job.room().subscribeAudio(candidate.get().identity(), SAMPLE_RATE, 1, 500);
				LocalAudio out = job.room().publishAudio("echo", SAMPLE_RATE, 1, 200)) {
			ArrayDeque<short[]> line = new ArrayDeque<>();
			short[] silence = new short[SAMPLE_RATE / 100];
			HeardStats stats = new HeardStats();
			long nextReport = System.nanoTime();
			while (!job.ended()) {
				AudioFrame frame = in.poll(Duration.ofMillis(100));
				if (System.nanoTime() >= nextReport) {
					report(job, stats);
					nextReport = System.nanoTime() + 1_000_000_000L;
				}
				if (frame == null) {
					if (in.ended()) {
						break;
					}
					continue;
				}
				stats.add(frame);
				line.addLast(frame.samples());
				// Until the delay line is full the agent says nothing; then it plays back
				// in step.
				out.write((line.size() > delayFrames) ? line.removeFirst() : silence);
			}
			log.info("Job {}: echoed {} frames ({} dropped); heard {}", job.id(), in.receivedFrames(),
					in.droppedFrames(), stats.json(job.id()));
		}
	}

	/**
	 * Tells the room what the agent heard, once a second on topic {@value #STATS_TOPIC}:
	 * lets a front end (or a test) check that audio arrives, and exercises the data
	 * channel.
	 */
	private static void report(AgentJob job, HeardStats stats) {
		try {
			job.room().sendData(stats.json(job.id()).getBytes(StandardCharsets.UTF_8), STATS_TOPIC, true);
		}
		catch (RuntimeException ex) {
			log.debug("Job {}: sending stats failed: {}", job.id(), ex.getMessage());
		}
	}

	static final String STATS_TOPIC = "flo.echo.stats";

	/**
	 * Frames heard, and the span from the first to the last frame loud enough to be
	 * speech.
	 */
	static final class HeardStats {

		static final double VOICED_RMS = 300;

		private long frames;

		private double millis;

		private double firstVoiced = -1;

		private double lastVoicedEnd = -1;

		private double maxRms;

		void add(AudioFrame frame) {
			double rms = frame.rms();
			if (rms > VOICED_RMS) {
				if (this.firstVoiced < 0) {
					this.firstVoiced = this.millis;
				}
				this.lastVoicedEnd = this.millis + frame.durationMillis();
			}
			this.maxRms = Math.max(this.maxRms, rms);
			this.frames++;
			this.millis += frame.durationMillis();
		}

		String json(String jobId) {
			double voiced = (this.firstVoiced < 0) ? 0 : this.lastVoicedEnd - this.firstVoiced;
			return String.format(Locale.ROOT,
					"{\"job\":\"%s\",\"pid\":%d,\"frames\":%d,\"millis\":%.0f,\"voicedSpanMillis\":%.0f,\"maxRms\":%.0f}",
					jobId, ProcessHandle.current().pid(), this.frames, this.millis, voiced, this.maxRms);
		}

	}

}
