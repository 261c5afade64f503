package ai.flo.interviewer.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import ai.flo.interviewer.providers.ProvidersProperties;
import ai.flo.interviewer.providers.ProvidersProperties.Provider;
import ai.flo.interviewer.speech.TextToSpeech.Synthesis;
import ai.flo.interviewer.testsupport.ScriptedTtsServer;
import ai.flo.interviewer.testsupport.ScriptedTtsServer.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Text-to-speech against a local HTTP server that speaks Cartesia's and OpenAI's wire
 * formats and streams espeak-ng speech back in 20 ms chunks. No Spring context: the
 * component is built from its settings, as Spring would.
 */
class TextToSpeechTests {

	static final ScriptedTtsServer server = ScriptedTtsServer.startOnFreePort();

	static final String SENTENCE = "Tell me about a project you are proud of, and what you would change today.";

	@BeforeEach
	void reset() {
		server.reset();
	}

	@AfterEach
	void contractKept() {
		assertThat(server.violations()).isEmpty();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void cartesiaStreamsSixteenKilohertzAudioInPieces_localTtsWireFormatServer() {
		server.chunkDelay(Duration.ofMillis(4));
		Pieces pieces = new Pieces();
		Synthesis synthesis = tts("cartesia", "", "", 1.0).synthesize(SENTENCE, pieces);

		Request request = server.requests().get(0);
		assertThat(request.provider()).isEqualTo("cartesia");
		assertThat(request.model()).isEqualTo("sonic-2");
		assertThat(request.voice()).isEqualTo(SynthesisProperties.CARTESIA_VOICE);
		assertThat(request.sampleRate()).isEqualTo(16_000);
		assertThat(request.version()).isEqualTo("2025-04-16");
		assertThat(request.language()).isEqualTo("en");
		assertThat(request.speed()).isNull();
		assertThat(request.text()).isEqualTo(SENTENCE);
		short[] espeak = server.speech(SENTENCE, 16_000);
		assertThat(pieces.all()).isEqualTo(espeak); // asked for 16 kHz: passed on as it
													// came
		assertThat(synthesis.samples()).isEqualTo(espeak.length);
		assertThat(synthesis.cancelled()).isFalse();
		assertThat(synthesis.audio().toMillis()).isEqualTo(espeak.length / 16);
		// streamed: many pieces, handed on while the server was still sending (4 ms
		// between 20 ms chunks)
		assertThat(pieces.count()).isGreaterThan(10);
		assertThat(pieces.spreadMillis()).isGreaterThan(espeak.length / 320 * 4 / 2);
		assertThat(synthesis.firstByteMillis()).isBetween(0L, synthesis.totalMillis());
	}

	@Test
	void openAiTwentyFourKilohertzIsResampledToSixteenOnTheFly_localTtsWireFormatServer() {
		server.chunkDelay(Duration.ofMillis(4));
		Pieces pieces = new Pieces();
		Synthesis synthesis = tts("openai", "", "", 1.0).synthesize(SENTENCE, pieces);

		Request request = server.requests().get(0);
		assertThat(request.provider()).isEqualTo("openai");
		assertThat(request.model()).isEqualTo("gpt-4o-mini-tts");
		assertThat(request.voice()).isEqualTo("alloy");
		assertThat(request.speed()).isEqualTo(1.0);
		assertThat(request.bytesSent()).isEqualTo(server.speech(SENTENCE, 24_000).length * 2L);
		short[] reference = server.speech(SENTENCE, 16_000); // ffmpeg's resampling of the
																// same speech
		assertThat((double) synthesis.samples()).isCloseTo(reference.length, within(reference.length * 0.02));
		assertThat(pieces.all()).hasSize((int) synthesis.samples());
		assertThat(correlation(pieces.all(), reference)).isGreaterThan(0.95);
		assertThat(pieces.count()).isGreaterThan(10);
		assertThat(pieces.spreadMillis()).isGreaterThan(reference.length / 320 * 4 / 2);
	}

	@Test
	void measuresTheTimeToTheFirstByte_localTtsWireFormatServer() {
		server.firstByteDelay(Duration.ofMillis(300));
		Synthesis synthesis = tts("cartesia", "", "", 1.0).synthesize("Hello there.", new Pieces());

		assertThat(synthesis.firstByteMillis()).isBetween(300L, 1000L);
		assertThat(synthesis.totalMillis()).isGreaterThanOrEqualTo(synthesis.firstByteMillis());
	}

	@Test
	void speaksTermsAsThePronunciationsSay_localTtsWireFormatServer() {
		tts("openai", "tts-1", "nova", 1.0).synthesize("Have you used PostgreSQL or Kubernetes?", new Pieces());

		Request request = server.requests().get(0);
		assertThat(request.text()).isEqualTo("Have you used postgres Q L or koo-ber-net-eez?");
		assertThat(request.model()).isEqualTo("tts-1");
		assertThat(request.voice()).isEqualTo("nova");
	}

	@Test
	void sendsSpeedAsEachCartesiaModelTakesIt_localTtsWireFormatServer() {
		tts("cartesia", "sonic-2", "", 1.2).synthesize("Hello.", new Pieces());
		tts("cartesia", "sonic-3", "", 1.2).synthesize("Hello.", new Pieces());
		tts("cartesia", "sonic-3", "", 2.0).synthesize("Hello.", new Pieces());
		tts("openai", "", "", 0.8).synthesize("Hello.", new Pieces());

		assertThat(server.requests()).extracting(Request::speed).containsExactly(0.4, 1.2, 1.5, 0.8);
	}

	@Test
	void retriesA503ThenSucceeds_localTtsWireFormatServer() {
		server.failNext(503, "overloaded, try again", Duration.ZERO);
		Pieces pieces = new Pieces();
		Synthesis synthesis = tts("cartesia", "", "", 1.0).synthesize("Hello there.", pieces);

		assertThat(server.requests()).extracting(Request::status).containsExactly(503, 200);
		assertThat(synthesis.samples()).isEqualTo(server.speech("Hello there.", 16_000).length);
		assertThat(synthesis.firstByteMillis()).isPositive();
	}

	@Test
	void givesUpAfterTheLastAttempt_localTtsWireFormatServer() {
		server.failNext(429, "slow down", Duration.ZERO).failNext(500, "oops").failNext(503, "overloaded");

		assertThatExceptionOfType(SpeechException.class)
			.isThrownBy(() -> tts("openai", "", "", 1.0).synthesize("Hello there.", new Pieces()))
			.withMessageContaining("openai")
			.withMessageContaining("503: overloaded")
			.withMessageContaining("after 3 attempts")
			.matches(SpeechException::retryable);
		assertThat(server.requests()).extracting(Request::status).containsExactly(429, 500, 503);
	}

	@Test
	void retriesAProviderTooSlowToAnswerThenGivesUp_localTtsWireFormatServer() {
		server.firstByteDelay(Duration.ofMillis(600));
		TextToSpeech tts = new TextToSpeech(new SynthesisProperties("cartesia", "", "", 1.0, "en", "2025-04-16",
				Duration.ofMillis(300), 2, Duration.ZERO), providers(), JsonMapper.builder().build());

		assertThatExceptionOfType(SpeechException.class).isThrownBy(() -> tts.synthesize("Hello there.", new Pieces()))
			.withMessageContaining("cartesia text-to-speech (sonic-2) did not answer within PT0.3S")
			.withMessageContaining("after 2 attempts")
			.matches(SpeechException::retryable);
		await().atMost(Duration.ofSeconds(3)).until(() -> server.requests().size() == 2);
		assertThat(server.requests()).allMatch(Request::aborted);
	}

	@Test
	void doesNotRetryA400AndKeepsTheProvidersMessage_localTtsWireFormatServer() {
		server.failNext(400, "Voice not found: 1234");
		assertThatExceptionOfType(SpeechException.class)
			.isThrownBy(() -> tts("cartesia", "", "", 1.0).synthesize("Hello there.", new Pieces()))
			.withMessage("cartesia text-to-speech (sonic-2) answered 400: Voice not found: 1234")
			.matches((ex) -> !ex.retryable());

		server.failNext(400, "Invalid value for voice");
		assertThatExceptionOfType(SpeechException.class)
			.isThrownBy(() -> tts("openai", "", "", 1.0).synthesize("Hello there.", new Pieces()))
			.withMessage("openai text-to-speech (gpt-4o-mini-tts) answered 400: Invalid value for voice");
		// The server records a request after answering it: the client can be quicker.
		await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() >= 2);
		assertThat(server.requests()).extracting(Request::status).containsExactly(400, 400);
	}

	@Test
	void cancellingStopsPromptlyAndDropsTheConnection_localTtsWireFormatServer() throws Exception {
		server.chunkDelay(Duration.ofMillis(20)); // real time: about 4 s of speech
		AtomicBoolean cancelled = new AtomicBoolean();
		AtomicLong cancelledAt = new AtomicLong();
		Pieces pieces = new Pieces();
		Thread canceller = new Thread(() -> {
			await().atMost(Duration.ofSeconds(5)).until(() -> pieces.count() > 5);
			cancelledAt.set(System.nanoTime());
			cancelled.set(true);
		});
		canceller.start();
		Synthesis synthesis = tts("cartesia", "", "", 1.0).synthesize(SENTENCE, pieces, cancelled::get);
		long returnedAt = System.nanoTime();
		canceller.join();

		assertThat(synthesis.cancelled()).isTrue();
		assertThat(TimeUnit.NANOSECONDS.toMillis(returnedAt - cancelledAt.get())).isLessThan(100);
		long full = server.speech(SENTENCE, 16_000).length;
		assertThat(synthesis.samples()).isPositive().isLessThan(full / 2);
		await().atMost(Duration.ofSeconds(2)).until(() -> server.requests().size() == 1);
		Request request = server.requests().get(0);
		assertThat(request.aborted()).isTrue();
		assertThat(request.bytesSent()).isLessThan(full); // bytes, so less than half of
															// the audio
	}

	@Test
	void interruptingStopsPromptlyAndKeepsTheInterrupt_localTtsWireFormatServer() throws Exception {
		server.chunkDelay(Duration.ofMillis(20));
		Pieces pieces = new Pieces();
		AtomicReference<Synthesis> result = new AtomicReference<>();
		AtomicBoolean stillInterrupted = new AtomicBoolean();
		Thread speaker = new Thread(() -> {
			result.set(tts("openai", "", "", 1.0).synthesize(SENTENCE, pieces));
			stillInterrupted.set(Thread.currentThread().isInterrupted());
		});
		speaker.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> pieces.count() > 5);
		long interruptedAt = System.nanoTime();
		speaker.interrupt();
		speaker.join(1000);
		long joinedAt = System.nanoTime();

		assertThat(speaker.isAlive()).isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(joinedAt - interruptedAt)).isLessThan(100);
		assertThat(result.get().cancelled()).isTrue();
		assertThat(stillInterrupted).isTrue();
		await().atMost(Duration.ofSeconds(2)).until(() -> server.requests().size() == 1);
		assertThat(server.requests().get(0).aborted()).isTrue();
	}

	@Test
	void cancellingWhileWaitingForTheFirstByteStopsPromptly_localTtsWireFormatServer() {
		server.firstByteDelay(Duration.ofMillis(800));
		long started = System.nanoTime();
		Synthesis synthesis = tts("cartesia", "", "", 1.0).synthesize("Hello there.", new Pieces(),
				() -> System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(100));

		assertThat(synthesis.cancelled()).isTrue();
		assertThat(synthesis.firstByteMillis()).isEqualTo(-1);
		assertThat(synthesis.samples()).isZero();
		assertThat(synthesis.totalMillis()).isLessThan(200);
		await().atMost(Duration.ofSeconds(3)).until(() -> server.requests().size() == 1);
		assertThat(server.requests().get(0).aborted()).isTrue();
	}

	@Test
	void emptyTextSendsNothing_localTtsWireFormatServer() {
		Synthesis synthesis = tts("cartesia", "", "", 1.0).synthesize("  \n", new Pieces());

		assertThat(synthesis.samples()).isZero();
		assertThat(server.requests()).isEmpty();
	}

	@Test
	void needsTheProvidersKey() {
		TextToSpeech tts = new TextToSpeech(settings("cartesia", "", "", 1.0),
				new ProvidersProperties(provider("sk-test", server.openAiBaseUrl()),
						provider(null, "http://127.0.0.1:9"), provider(null, "http://127.0.0.1:9"),
						provider(null, server.baseUrl())),
				JsonMapper.builder().build());

		assertThatExceptionOfType(ProviderNotConfiguredException.class).isThrownBy(tts::ensureConfigured);
		assertThatExceptionOfType(ProviderNotConfiguredException.class)
			.isThrownBy(() -> tts.synthesize("Hello.", new Pieces()));
	}

	@Test
	void settingsDefaultToCartesiaAndEachProvidersOwnModelAndVoice() {
		StandardEnvironment environment = new StandardEnvironment();
		try {
			new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
				.forEach(environment.getPropertySources()::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		SynthesisProperties settings = Binder.get(environment)
			.bind("flo.speech.synthesis", SynthesisProperties.class)
			.get();

		assertThat(settings)
			.isEqualTo(new SynthesisProperties("cartesia", "sonic-2", SynthesisProperties.CARTESIA_VOICE, 1.0, "en",
					"2025-04-16", Duration.ofSeconds(30), 3, Duration.ofSeconds(2)));
		assertThat(settings("openai", "", "", 1.0).model()).isEqualTo("gpt-4o-mini-tts");
		assertThat(settings("openai", "", "", 1.0).voice()).isEqualTo("alloy");
		assertThatIllegalArgumentException().isThrownBy(() -> settings("cartesia", "", "alloy", 1.0))
			.withMessageContaining("FLO_TTS_VOICE");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings("openai", "", SynthesisProperties.CARTESIA_VOICE, 1.0))
			.withMessageContaining("FLO_TTS_VOICE");
	}

	@Test
	void isWiredBySpringFromValidatedSettings() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
					ValidationAutoConfiguration.class))
			.withUserConfiguration(Wiring.class)
			.withBean(JsonMapper.class, () -> JsonMapper.builder().build())
			.withPropertyValues("flo.providers.openai.base-url=" + server.openAiBaseUrl(),
					"flo.providers.groq.base-url=http://127.0.0.1:9",
					"flo.providers.gemini.base-url=http://127.0.0.1:9",
					"flo.providers.cartesia.base-url=" + server.baseUrl(),
					"flo.providers.cartesia.api-key=sk_car_test");

		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TextToSpeech.class).describe())
				.isEqualTo("cartesia/sonic-2/" + SynthesisProperties.CARTESIA_VOICE);
		});
		runner.withPropertyValues("flo.speech.synthesis.provider=openai", "flo.speech.synthesis.model=tts-1")
			.run((context) -> assertThat(context.getBean(TextToSpeech.class).describe())
				.isEqualTo("openai/tts-1/alloy"));
		runner.withPropertyValues("flo.speech.synthesis.speed=2.5")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("speed"));
		runner.withPropertyValues("flo.speech.synthesis.provider=elevenlabs")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("provider"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SynthesisProperties.class, ProvidersProperties.class })
	@Import(TextToSpeech.class)
	static class Wiring {

	}

	static TextToSpeech tts(String provider, String model, String voice, double speed) {
		return new TextToSpeech(settings(provider, model, voice, speed), providers(), JsonMapper.builder().build());
	}

	static ProvidersProperties providers() {
		return new ProvidersProperties(provider("sk-openai-test", server.openAiBaseUrl()),
				provider(null, "http://127.0.0.1:9"), provider(null, "http://127.0.0.1:9"),
				provider("sk_car_test", server.baseUrl()));
	}

	static SynthesisProperties settings(String provider, String model, String voice, double speed) {
		return new SynthesisProperties(provider, model, voice, speed, "en", "2025-04-16", Duration.ofSeconds(5), 3,
				Duration.ofMillis(200));
	}

	static Provider provider(String key, String baseUrl) {
		return new Provider(key, URI.create(baseUrl));
	}

	/**
	 * The highest normalised cross-correlation of two signals within ±5 samples of each
	 * other.
	 */
	static double correlation(short[] a, short[] b) {
		double best = -1;
		for (int lag = -5; lag <= 5; lag++) {
			double ab = 0;
			double aa = 0;
			double bb = 0;
			for (int i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
				ab += (double) a[i] * b[i + lag];
				aa += (double) a[i] * a[i];
				bb += (double) b[i + lag] * b[i + lag];
			}
			best = Math.max(best, ab / Math.sqrt(aa * bb));
		}
		return best;
	}

	/**
	 * What the consumer was handed, piece by piece, and when the first and the last piece
	 * came.
	 */
	static final class Pieces implements Consumer<short[]> {

		private final List<short[]> pieces = new ArrayList<>();

		private volatile long firstAt = -1;

		private volatile long lastAt = -1;

		private volatile int count;

		@Override
		public synchronized void accept(short[] pcm) {
			if (this.firstAt < 0) {
				this.firstAt = System.nanoTime();
			}
			this.lastAt = System.nanoTime();
			this.pieces.add(pcm);
			this.count++;
		}

		int count() {
			return this.count;
		}

		/** From the first piece to the last. */
		long spreadMillis() {
			return TimeUnit.NANOSECONDS.toMillis(this.lastAt - this.firstAt);
		}

		synchronized short[] all() {
			short[] all = new short[this.pieces.stream().mapToInt((piece) -> piece.length).sum()];
			int at = 0;
			for (short[] piece : this.pieces) {
				System.arraycopy(piece, 0, all, at, piece.length);
				at += piece.length;
			}
			return all;
		}

	}

}
