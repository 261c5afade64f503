package ai.flo.interviewer.voice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PlanAndStateTests {

	@Test
	void resumeQuestionsAreSpreadThroughThePlan() {
		assertThat(PlanBuilder.interleave(List.of("a", "b", "c", "d"), List.of("R1"))).containsExactly("a", "b", "R1",
				"c", "d");
		assertThat(PlanBuilder.interleave(List.of("a", "b", "c", "d", "e"), List.of("R1", "R2"))).containsExactly("a",
				"b", "R1", "c", "d", "R2", "e");
		assertThat(PlanBuilder.interleave(List.of(), List.of("R1"))).containsExactly("R1");
		assertThat(PlanBuilder.interleave(List.of("a"), List.of())).containsExactly("a");
	}

	@Test
	void theLengthLessOpeningAndClosingIsSharedByTheQuestions() {
		assertThat(PlanBuilder.share(Duration.ofMinutes(30), 7)).isEqualTo(Duration.ofMinutes(28).dividedBy(7));
		// Never under 30 s a question, even when the interview is too short for its plan.
		assertThat(PlanBuilder.share(Duration.ofMinutes(2), 4)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void theStateCountsFollowUpsAndHintsPerQuestionAndKeepsRealTime() {
		InterviewPlan plan = new InterviewPlan("s", "Backend Engineer", "Alex", false, Duration.ofMinutes(3),
				List.of(item("q1", 60), item("q2", 60)));
		long t0 = 1_000_000_000L;
		InterviewState state = new InterviewState(plan, 1, 1, t0);
		assertThat(state.next(t0)).map(InterviewPlan.Item::question).contains("q1");
		assertThat(state.followUp()).isTrue();
		assertThat(state.followUp()).isFalse();
		assertThat(state.hint()).isTrue();
		assertThat(state.hint()).isFalse();
		assertThat(state.questionTimeUp(t0 + Duration.ofSeconds(59).toNanos())).isFalse();
		assertThat(state.questionTimeUp(t0 + Duration.ofSeconds(60).toNanos())).isTrue();
		long t1 = t0 + Duration.ofSeconds(61).toNanos();
		assertThat(state.next(t1)).map(InterviewPlan.Item::question).contains("q2");
		assertThat(state.followUp()).isTrue(); // counted afresh for the new question
		assertThat(state.questionTimeUp(t1 + Duration.ofSeconds(30).toNanos())).isFalse();
		// 3 minutes less 45 s of closing
		assertThat(state.timeUp(t0 + Duration.ofSeconds(134).toNanos())).isFalse();
		assertThat(state.timeUp(t0 + Duration.ofSeconds(135).toNanos())).isTrue();
		assertThat(state.next(t1)).isEmpty();
	}

	@Test
	void theRecordingKeepsBothSidesAlignedByTheClock(@TempDir Path folder) throws IOException {
		Path wav = folder.resolve("recording.wav");
		long t0 = 5_000_000_000L;
		try (StereoRecorder recorder = new StereoRecorder(wav, t0)) {
			for (int i = 0; i < 300; i++) { // 3 s of 10 ms frames on each side
				long at = t0 + i * 10_000_000L;
				recorder.agent(frame((i < 100) ? 1000 : 0), at);
				recorder.candidate(frame((i >= 200) ? -2000 : 0), at + 3_000_000L);
			}
		}
		byte[] bytes = Files.readAllBytes(wav);
		ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(data.getShort(22)).isEqualTo((short) 2);
		assertThat(data.getInt(24)).isEqualTo(16_000);
		int frames = data.getInt(40) / 4;
		assertThat(frames).isBetween(3 * 16_000 - 160, 3 * 16_000 + 160);
		// Agent (left) speaks in the first second, the candidate (right) in the last.
		assertThat(sample(data, 8_000, 0)).isEqualTo((short) 1000);
		assertThat(sample(data, 8_000, 1)).isEqualTo((short) 0);
		assertThat(sample(data, 40_000, 0)).isEqualTo((short) 0);
		assertThat(sample(data, 40_000, 1)).isEqualTo((short) -2000);
	}

	@Test
	void theRecordingIsTheSameWhateverTheFramesTimingAndSize(@TempDir Path folder) throws IOException {
		// Against a plain model of the recording (every sample at its clock position, a
		// side jumping to the clock after a pause): jitter, pauses longer than the
		// window,
		// one side far ahead, frames of several sizes.
		Path wav = folder.resolve("recording.wav");
		long t0 = 1_000_000_000L;
		java.util.Random random = new java.util.Random(7);
		short[][] expected = new short[2][40 * 16_000];
		long[] next = new long[2];
		try (StereoRecorder recorder = new StereoRecorder(wav, t0)) {
			long[] clock = { 0, 0 };
			while (true) {
				// the sides in the order of their clocks, as the room delivers them
				int side = (clock[0] <= clock[1]) ? 0 : 1;
				if (random.nextInt(100) == 0) { // a pause of up to 9 s (longer than the
												// window)
					clock[side] += random.nextInt(9_000) * 1_000_000L;
					continue;
				}
				int length = (random.nextInt(10) == 0) ? 160 * (1 + random.nextInt(40)) : 160;
				long at = clock[side] / 62_500L;
				if (at + length > expected[side].length - 16_000) {
					break;
				}
				short[] samples = new short[length];
				for (int j = 0; j < length; j++) {
					samples[j] = (short) (random.nextInt(65536) - 32768);
				}
				if (side == 0) {
					recorder.agent(samples, t0 + clock[side]);
				}
				else {
					recorder.candidate(samples, t0 + clock[side]);
				}
				at = (at > next[side] + 1600) ? at : next[side];
				System.arraycopy(samples, 0, expected[side], (int) at, length);
				next[side] = at + length;
				clock[side] += length * 62_500L + random.nextInt(2_000_000);
			}
		}
		ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
		int frames = data.getInt(40) / 4;
		assertThat(frames).isEqualTo((int) Math.max(next[0], next[1]));
		for (int f = 0; f < frames; f++) {
			if (sample(data, f, 0) != expected[0][f] || sample(data, f, 1) != expected[1][f]) {
				assertThat(new short[] { sample(data, f, 0), sample(data, f, 1) }).as("frame %d", f)
					.containsExactly(expected[0][f], expected[1][f]);
			}
		}
	}

	private static short sample(ByteBuffer data, int frame, int channel) {
		return data.getShort(44 + frame * 4 + channel * 2);
	}

	private static short[] frame(int value) {
		short[] frame = new short[160];
		java.util.Arrays.fill(frame, (short) value);
		return frame;
	}

	private static InterviewPlan.Item item(String question, int seconds) {
		return new InterviewPlan.Item("Java", question, "ideal", true, 1, Duration.ofSeconds(seconds), "SKILL");
	}

}
