package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.flo.interviewer.speech.SpeechToText;
import ai.flo.interviewer.testsupport.ScriptedUtteranceServer;
import ai.flo.interviewer.testsupport.Speech;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Turn-taking on espeak-ng speech fed frame by frame (as if played in real time), with
 * speech-to-text answered by a local server in OpenAI's transcription wire format. No
 * room: what it decides is all there is to see.
 */
class TurnTakingTests extends LocalProviders {

	static final Duration MIN_DELAY = Duration.ofMillis(400);

	static final Duration MAX_DELAY = Duration.ofSeconds(4);

	static short[] unfinished;

	static short[] rest;

	@Autowired
	SpeechToText stt;

	final VoiceActivity vad = new VoiceActivity();

	final AtomicBoolean gone = new AtomicBoolean();

	final Listener listener = new Listener(this.vad, Duration.ofMillis(600), () -> false, () -> {
	}, System.nanoTime());

	final CandidateAudio candidate = new CandidateAudio(this.listener);

	TurnTaking turns;

	@BeforeAll
	static void speak() throws Exception {
		unfinished = Speech.pcm16kMono("I would use retries and");
		rest = Speech.pcm16kMono("circuit breakers.");
	}

	@BeforeEach
	void start() {
		speech.reset();
		VoiceProperties properties = new VoiceProperties(MIN_DELAY, MAX_DELAY, Duration.ofMillis(600),
				Duration.ofSeconds(9), Duration.ofSeconds(45), 2, 1, Duration.ofMinutes(2));
		this.turns = new TurnTaking(this.listener, this.stt, properties, this.gone::get);
	}

	@AfterEach
	void close() throws InterruptedException {
		assertThat(speech.violations()).isEmpty();
		this.listener.close();
		this.vad.close();
	}

	@Test
	void aTurnEndsAfterTheShortSilenceWhenItsWordsLookFinished_localSpeechWireFormatServer() throws Exception {
		speech.answer("Circuit breakers.");
		this.candidate.pauses(500).says(rest).pauses(600);

		TurnTaking.Outcome outcome = this.turns.next();

		assertThat(outcome).isInstanceOfSatisfying(TurnTaking.Heard.class, (heard) -> {
			assertThat(heard.text()).isEqualTo("Circuit breakers.");
			assertThat(heard.startMs()).isLessThan(heard.endMs());
			// The wait for more speech, not the longer one: the words look finished.
			assertThat(heard.timings().endpointingMs()).isGreaterThanOrEqualTo(MIN_DELAY.toMillis() - 20)
				.isLessThan(MAX_DELAY.toMillis());
			assertThat(heard.timings().sttMs()).isNotNegative();
			assertThat(heard.timings().llmFirstTokenMs()).isEqualTo(-1);
		});
		ScriptedUtteranceServer.Request request = speech.requests().get(0);
		assertThat(speech.requests()).hasSize(1);
		assertThat(request.filename()).isEqualTo("utterance.wav");
		assertThat(request.model()).isEqualTo("whisper-large-v3");
		assertThat(request.sampleRate()).isEqualTo(16_000);
		assertThat(request.channels()).isEqualTo(1);
		double voicedMs = Speech.voicedSpanMillis(rest, 16_000, 300);
		assertThat((double) request.durationMs()).isBetween(voicedMs, voicedMs + 800);
	}

	@Test
	void unfinishedWordsWaitLongerAndWhatFollowsJoinsTheTurn_localSpeechWireFormatServer() throws Exception {
		speech.answer("I would use retries and").answer("circuit breakers.");
		this.candidate.pauses(500).says(unfinished).pauses(600);

		List<String> soFar = new CopyOnWriteArrayList<>();
		CompletableFuture<TurnTaking.Outcome> outcome = CompletableFuture.supplyAsync(() -> next(soFar::add));
		await().atMost(Duration.ofSeconds(10)).until(() -> speech.requests().size() == 1);
		assertThat(outcome).isNotDone();
		// The words so far are told (an interim caption) while the turn goes on.
		await().atMost(Duration.ofSeconds(2)).until(() -> soFar.equals(List.of("I would use retries and")));
		this.candidate.pauses(300).says(rest).pauses(600);

		assertThat(outcome.get()).isInstanceOfSatisfying(TurnTaking.Heard.class,
				(heard) -> assertThat(heard.text()).isEqualTo("I would use retries and circuit breakers."));
		assertThat(soFar).containsExactly("I would use retries and");
		// Each stretch of speech was transcribed once.
		assertThat(speech.requests()).hasSize(2);
	}

	@Test
	void unfinishedWordsAndNothingMoreEndTheTurnAfterTheLongerWait_localSpeechWireFormatServer() throws Exception {
		speech.answer("So I would say that");
		this.candidate.pauses(500).says(unfinished).pauses(600);
		long start = System.nanoTime();

		TurnTaking.Outcome outcome = this.turns.next();

		assertThat(outcome).isInstanceOfSatisfying(TurnTaking.Heard.class,
				(heard) -> assertThat(heard.text()).isEqualTo("So I would say that"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(MAX_DELAY.minusMillis(600));
		assertThat(speech.requests()).hasSize(1);
	}

	@Test
	void noSpeechIsSilence() throws Exception {
		this.candidate.pauses(300);

		assertThat(this.turns.next()).isEqualTo(new TurnTaking.Silence(false, 0));
		assertThat(speech.requests()).isEmpty();
	}

	@Test
	void speechWithoutWordsIsSilenceToo_localSpeechWireFormatServer() throws Exception {
		speech.answer("");
		this.candidate.pauses(500).says(rest).pauses(600);

		assertThat(this.turns.next()).isInstanceOfSatisfying(TurnTaking.Silence.class,
				(silence) -> assertThat(silence.lastSpeechNanos()).isPositive());
		assertThat(speech.requests()).hasSize(1);
	}

	@Test
	void aSpeechToTextFailureIsNotUnderstood_localSpeechWireFormatServer() throws Exception {
		speech.fail(503);
		this.candidate.pauses(500).says(rest).pauses(600);

		assertThat(this.turns.next()).isInstanceOfSatisfying(TurnTaking.NotUnderstood.class,
				(failed) -> assertThat(failed.reason()).contains("groq speech-to-text", "503"));
	}

	@Test
	void theRoomClosingEndsTheWaitForMore_localSpeechWireFormatServer() throws Exception {
		speech.answer("I would use retries and");
		this.candidate.pauses(500).says(unfinished).pauses(600);
		long start = System.nanoTime();
		CompletableFuture<TurnTaking.Outcome> outcome = CompletableFuture.supplyAsync(this::next);
		await().atMost(Duration.ofSeconds(10)).until(() -> speech.requests().size() == 1);

		this.gone.set(true);

		assertThat(outcome.get()).isInstanceOf(TurnTaking.Heard.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(MAX_DELAY);
	}

	private TurnTaking.Outcome next() {
		return next((text) -> {
		});
	}

	private TurnTaking.Outcome next(java.util.function.Consumer<String> soFar) {
		try {
			return this.turns.next(soFar);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
