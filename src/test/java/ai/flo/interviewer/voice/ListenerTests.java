package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ai.flo.interviewer.testsupport.Speech;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener on espeak-ng speech fed frame by frame, without a room: utterances with
 * their pre-roll, and barge-ins reported (not acted on).
 */
class ListenerTests {

	static short[] answer;

	static short[] shortAnswer;

	final VoiceActivity vad = new VoiceActivity();

	final AtomicBoolean agentSpeaking = new AtomicBoolean();

	final AtomicInteger bargeIns = new AtomicInteger();

	final long start = System.nanoTime();

	final Listener listener = new Listener(this.vad, Duration.ofMillis(600), this.agentSpeaking::get,
			this.bargeIns::incrementAndGet, this.start);

	final CandidateAudio candidate = new CandidateAudio(this.listener);

	@BeforeAll
	static void speak() throws Exception {
		answer = Speech.pcm16kMono("I would test the payment flow end to end with a sandbox.");
		shortAnswer = Speech.pcm16kMono("Yes.");
	}

	@AfterEach
	void close() throws InterruptedException {
		this.listener.close();
		this.vad.close();
	}

	@Test
	void speechBecomesUtterancesEachWithTheAudioJustBeforeIt() {
		this.candidate.pauses(1000).says(answer).pauses(700);
		List<Listener.Utterance> heard = drain();

		// espeak-ng pauses inside a sentence: one utterance or more, never overlapping (a
		// pre-roll is only the silence since the previous utterance).
		assertThat(heard).isNotEmpty();
		long voiceStartMs = 1000 + firstVoicedMillis(answer);
		long voiceEndMs = voiceStartMs + (long) Speech.voicedSpanMillis(answer, 16_000, 300);
		assertThat(heard.get(0).startMs()).isBetween(voiceStartMs - 400, voiceStartMs);
		assertThat(heard.get(heard.size() - 1).endMs()).isBetween(voiceEndMs, voiceEndMs + 600);
		for (int i = 0; i < heard.size(); i++) {
			Listener.Utterance utterance = heard.get(i);
			// Pre-roll, speech and the frame that ended it, sample for sample.
			assertThat(utterance.samples().length)
				.isEqualTo((int) (utterance.endMs() - utterance.startMs()) * 16 + 160);
			if (i > 0) {
				assertThat(utterance.startMs()).isGreaterThanOrEqualTo(heard.get(i - 1).endMs());
			}
		}
		assertThat(this.listener.speaking()).isFalse();
		assertThat(this.listener.lastSpeechNanos()).isEqualTo(heard.get(heard.size() - 1).endNanos());
		assertThat(this.bargeIns).hasValue(0);
	}

	@Test
	void talkingOverTheAgentIsReportedAtMostOnceAnUtterance() {
		this.agentSpeaking.set(true);
		this.candidate.pauses(500).says(answer).pauses(700);

		assertThat(this.bargeIns.get()).isBetween(1, drain().size());
		assertThat(this.listener.bargeIns()).isEqualTo(this.bargeIns.get());
	}

	@Test
	void speakingWhileTheAgentIsSilentIsNoBargeIn() {
		this.candidate.pauses(500).says(answer).pauses(700);

		assertThat(drain()).hasSize(1);
		assertThat(this.bargeIns).hasValue(0);
	}

	@Test
	void aShortWordOverTheAgentIsNoBargeIn() {
		this.agentSpeaking.set(true);
		this.candidate.pauses(500).says(shortAnswer).pauses(700);

		assertThat(drain()).hasSize(1);
		assertThat(this.bargeIns).hasValue(0);
	}

	private static long firstVoicedMillis(short[] samples) {
		for (int at = 0; at + 160 <= samples.length; at += 160) {
			double sum = 0;
			for (int i = at; i < at + 160; i++) {
				sum += (double) samples[i] * samples[i];
			}
			if (Math.sqrt(sum / 160) > 300) {
				return at / 16;
			}
		}
		return samples.length / 16;
	}

	private List<Listener.Utterance> drain() {
		List<Listener.Utterance> heard = new ArrayList<>();
		this.listener.utterances().drainTo(heard);
		return heard;
	}

}
