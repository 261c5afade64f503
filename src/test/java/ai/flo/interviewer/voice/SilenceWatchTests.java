package ai.flo.interviewer.voice;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import ai.flo.interviewer.voice.SilenceWatch.Step;

import static org.assertj.core.api.Assertions.assertThat;

/** What silence calls for, on a clock the test moves. */
class SilenceWatchTests {

	static final long T0 = 5_000_000_000L;

	final SilenceWatch watch = new SilenceWatch(Duration.ofSeconds(9), Duration.ofSeconds(45), T0);

	@Test
	void aNudgeThenTheQuestionAgainThenTheEnd() {
		long asked = at(10);
		this.watch.asked(asked);

		assertThat(this.watch.check(at(18), asked, 0)).isEqualTo(Step.WAIT);
		assertThat(this.watch.check(at(19), asked, 0)).isEqualTo(Step.NUDGE);
		// The nudge was heard: the next one waits for silence after it.
		long nudged = at(21);
		assertThat(this.watch.check(at(29), nudged, 0)).isEqualTo(Step.WAIT);
		assertThat(this.watch.check(at(30), nudged, 0)).isEqualTo(Step.REPEAT);
		long repeated = at(33);
		assertThat(this.watch.check(at(50), repeated, 0)).isEqualTo(Step.WAIT);
		// 45 s from the end of the question, not of the nudges.
		assertThat(this.watch.check(at(55), repeated, 0)).isEqualTo(Step.END);
	}

	@Test
	void theCandidateSpeakingStartsItAllOver() {
		this.watch.asked(at(10));
		assertThat(this.watch.check(at(19), at(10), 0)).isEqualTo(Step.NUDGE);
		long spoke = at(25);

		assertThat(this.watch.check(at(33), at(21), spoke)).isEqualTo(Step.WAIT);
		assertThat(this.watch.check(at(34), at(21), spoke)).isEqualTo(Step.NUDGE);
		assertThat(this.watch.check(at(69), at(36), spoke)).isEqualTo(Step.REPEAT);
		assertThat(this.watch.check(at(70), at(36), spoke)).isEqualTo(Step.END);
	}

	private static long at(long seconds) {
		return T0 + Duration.ofSeconds(seconds).toNanos();
	}

}
