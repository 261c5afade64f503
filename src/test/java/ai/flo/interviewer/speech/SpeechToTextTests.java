package ai.flo.interviewer.speech;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import ai.flo.interviewer.providers.ProvidersProperties;
import ai.flo.interviewer.providers.ProvidersProperties.Provider;
import ai.flo.interviewer.speech.SpeechToText.Segment;
import ai.flo.interviewer.speech.SpeechToText.Transcription;
import ai.flo.interviewer.testsupport.ScriptedSpeechServer;
import ai.flo.interviewer.testsupport.ScriptedUtteranceServer;
import ai.flo.interviewer.testsupport.TestMedia;
import ai.flo.interviewer.testsupport.TestMedia.Spoken;
import ai.flo.interviewer.testsupport.TestMedia.Utterance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Speech-to-text through openai-java against local HTTP servers that speak OpenAI's
 * transcription wire format: one transcribes espeak-ng speech it knows (and checks the
 * audio's codec, rate and channels), the other answers scripted texts and failures. No
 * Spring context: the component is built from its settings, as Spring would.
 */
class SpeechToTextTests {

	static final List<String> SENTENCES = List.of("Tell me about a system you designed.",
			"I built a payment service for a bank.", "What was the hardest part?");

	@TempDir
	static Path folder;

	static Spoken spoken;

	static ScriptedSpeechServer speech;

	static ScriptedUtteranceServer utterances;

	@BeforeAll
	static void start() throws IOException {
		spoken = TestMedia.speech(folder.resolve("speech"), SENTENCES);
		speech = ScriptedSpeechServer.startOnFreePort(spoken);
		utterances = new ScriptedUtteranceServer();
	}

	@AfterAll
	static void stop() {
		speech.close();
		utterances.close();
	}

	@BeforeEach
	void reset() {
		speech.reset();
		speech.expectCodec("flac");
		utterances.reset();
	}

	@Test
	void aFileIsTranscribedWithSegmentTimes_localSpeechWireFormatServer() {
		Path flac = TestMedia.encode(spoken.wav(), folder.resolve("interview.flac"), TestMedia.Format.FLAC);

		Transcription transcription = stt("openai", "whisper-1", speech.baseUrl(), 2).transcribe(flac,
				"An interview for a backend role.");

		assertThat(transcription.timed()).isTrue();
		assertThat(transcription.text()).isEqualTo(spoken.text());
		assertThat(transcription.segments()).extracting(Segment::text).containsExactlyElementsOf(SENTENCES);
		for (int i = 0; i < SENTENCES.size(); i++) {
			Utterance said = spoken.utterances().get(i);
			assertThat(transcription.segments().get(i).start() * 1000).isCloseTo(said.startMs(), within(150.0));
			assertThat(transcription.segments().get(i).end() * 1000).isCloseTo(said.endMs(), within(150.0));
		}
		ScriptedSpeechServer.Request request = speech.requests().get(0);
		assertThat(request.authorization()).isEqualTo("Bearer sk-test");
		assertThat(request.model()).isEqualTo("whisper-1");
		assertThat(request.responseFormat()).isEqualTo("verbose_json");
		assertThat(request.timestampGranularities()).containsExactly("segment");
		assertThat(request.prompt()).isEqualTo("An interview for a backend role.");
		assertThat(request.language()).isEqualTo("en");
		assertThat(request.filename()).isEqualTo("interview.flac");
		assertThat(speech.violations()).isEmpty();
	}

	@Test
	void audioInMemoryIsSentAsAFileOfTheGivenName_localSpeechWireFormatServer() throws IOException {
		speech.expectCodec("pcm_s16le");

		Transcription transcription = stt("groq", "whisper-large-v3", speech.baseUrl(), 2)
			.transcribe(Files.readAllBytes(spoken.wav()), "utterance.wav", null);

		assertThat(transcription.text()).isEqualTo(spoken.text());
		ScriptedSpeechServer.Request request = speech.requests().get(0);
		assertThat(request.authorization()).isEqualTo("Bearer gsk-test");
		assertThat(request.filename()).isEqualTo("utterance.wav");
		assertThat(request.prompt()).isNull();
		assertThat(request.sampleRate()).isEqualTo(16_000);
		assertThat(request.channels()).isEqualTo(1);
		assertThat(speech.violations()).isEmpty();
	}

	@Test
	void gpt4oModelsAreAskedForPlainJsonAndGiveUntimedText_localSpeechWireFormatServer() {
		Path flac = TestMedia.encode(spoken.wav(), folder.resolve("untimed.flac"), TestMedia.Format.FLAC);

		Transcription transcription = stt("openai", "gpt-4o-transcribe", speech.baseUrl(), 2).transcribe(flac, null);

		assertThat(transcription.timed()).isFalse();
		assertThat(transcription.segments()).isEmpty();
		assertThat(transcription.text()).isEqualTo(spoken.text());
		ScriptedSpeechServer.Request request = speech.requests().get(0);
		assertThat(request.responseFormat()).isEqualTo("json");
		assertThat(request.timestampGranularities()).isEmpty();
	}

	@Test
	void aServerErrorIsRetriedAfterTheProvidersRetryAfter_localSpeechWireFormatServer() throws IOException {
		utterances.fail(503, "2").answer("I use retries with backoff.");
		long start = System.nanoTime();

		Transcription transcription = stt("groq", "whisper-large-v3", utterances.baseUrl(), 3)
			.transcribe(wav("I use retries with backoff."), "utterance.wav", null);

		// The first backoff is one second: the provider's two seconds won.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(transcription.text()).isEqualTo("I use retries with backoff.");
		assertThat(utterances.requests()).extracting(ScriptedUtteranceServer.Request::status).containsExactly(503, 200);
		assertThat(utterances.requests().get(0).responseFormat()).isEqualTo("verbose_json");
		assertThat(utterances.violations()).isEmpty();
	}

	@Test
	void aBadRequestIsNotRetriedAndKeepsTheProvidersMessage_localSpeechWireFormatServer() {
		speech.failNext(400, "Audio file is too short");
		Path flac = TestMedia.encode(spoken.wav(), folder.resolve("refused.flac"), TestMedia.Format.FLAC);

		assertThatExceptionOfType(SpeechException.class)
			.isThrownBy(() -> stt("groq", "whisper-large-v3", speech.baseUrl(), 4).transcribe(flac, null))
			.withMessage("groq speech-to-text (whisper-large-v3) answered 400: Audio file is too short")
			.matches((ex) -> !ex.retryable());
		assertThat(speech.requests()).hasSize(1);
	}

	@Test
	void rateLimitsAndServerErrorsGiveUpAfterTheAllowedAttempts_localSpeechWireFormatServer() throws IOException {
		utterances.fail(429).fail(500);
		byte[] wav = wav("Hello.");

		assertThatExceptionOfType(SpeechException.class)
			.isThrownBy(() -> stt("groq", "whisper-large-v3", utterances.baseUrl(), 2).transcribe(wav, "u.wav", null))
			.withMessageContaining("answered 500: scripted failure")
			.withMessageEndingWith("(after 2 attempts)")
			.matches(SpeechException::retryable);
		assertThat(utterances.requests()).hasSize(2);
	}

	@Test
	void anUnreachableServerIsRetriedThenFails() throws IOException {
		String closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
		}
		byte[] wav = wav("Hello.");

		assertThatExceptionOfType(SpeechException.class)
			.isThrownBy(() -> stt("openai", "whisper-1", closed, 2).transcribe(wav, "u.wav", null))
			.withMessageContaining("openai speech-to-text could not be reached")
			.withMessageEndingWith("(after 2 attempts)")
			.matches(SpeechException::retryable);
	}

	@Test
	void aProviderWithoutAKeySaysWhatToSet() {
		SpeechToText stt = new SpeechToText(properties("groq", "whisper-large-v3", 1),
				providers("groq", null, utterances.baseUrl()));

		assertThatExceptionOfType(ProviderNotConfiguredException.class)
			.isThrownBy(() -> stt.transcribe(new byte[] { 1 }, "u.wav", null))
			.withMessageContaining("GROQ_API_KEY");
		assertThat(utterances.requests()).isEmpty();
	}

	private static byte[] wav(String text) throws IOException {
		Path wav = folder.resolve("said-" + Math.abs(text.hashCode()) + ".wav");
		if (!Files.exists(wav)) {
			Files.copy(TestMedia.speech(folder.resolve("said"), List.of(text)).wav(), wav);
		}
		return Files.readAllBytes(wav);
	}

	private static SpeechToText stt(String provider, String model, String baseUrl, int maxAttempts) {
		String key = provider.equals("groq") ? "gsk-test" : "sk-test";
		return new SpeechToText(properties(provider, model, maxAttempts), providers(provider, key, baseUrl));
	}

	private static SpeechProperties properties(String provider, String model, int maxAttempts) {
		return new SpeechProperties(provider, model, "en", Duration.ofSeconds(20), maxAttempts, Duration.ofSeconds(5));
	}

	/**
	 * {@code name} at {@code baseUrl} with {@code key}; the others elsewhere, keyless.
	 */
	private static ProvidersProperties providers(String name, String key, String baseUrl) {
		return new ProvidersProperties(provider(name, "openai", key, baseUrl), provider(name, "groq", key, baseUrl),
				provider(name, "gemini", key, baseUrl), provider(name, "cartesia", key, baseUrl));
	}

	private static Provider provider(String configured, String name, String key, String baseUrl) {
		return name.equals(configured) ? new Provider(key, URI.create(baseUrl))
				: new Provider(null, URI.create("https://api.example.com/" + name));
	}

}
