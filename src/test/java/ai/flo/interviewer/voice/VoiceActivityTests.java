package ai.flo.interviewer.voice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ai.flo.interviewer.testsupport.TestMedia;
import ai.flo.interviewer.testsupport.TestMedia.Spoken;
import ai.flo.interviewer.testsupport.TestMedia.Utterance;
import ai.flo.interviewer.voice.VoiceActivity.Event;
import ai.flo.interviewer.voice.VoiceActivity.Settings;
import ai.flo.interviewer.voice.VoiceActivity.SpeechEnded;
import ai.flo.interviewer.voice.VoiceActivity.SpeechStarted;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Voice activity on real speech (espeak-ng, sentences whose bounds are known to the
 * millisecond), fed as the room delivers it: 10 ms frames.
 */
class VoiceActivityTests {

	static final List<String> SENTENCES = List.of("Tell me about a project you are proud of.", "Why?",
			"I moved our billing system to an event driven design, and we cut the monthly close from five days to one.",
			"Thank you.", "What would you do differently next time?");

	/**
	 * How far a reported start or end may be from where the voice really starts or ends.
	 */
	static final long TOLERANCE_MS = 150;

	/**
	 * How late a reported end may be in white noise at -30 dBFS (10 dB under the speech):
	 * the probability takes up to ~250 ms longer to fall under the deactivation threshold
	 * there.
	 */
	static final long NOISY_END_TOLERANCE_MS = 300;

	/** 10 ms at 16 kHz: one frame from the room. */
	static final int FRAME = 160;

	@TempDir
	static Path folder;

	static Spoken spoken;

	static short[] pcm;

	@BeforeAll
	static void speak() {
		spoken = TestMedia.speech(folder.resolve("speech"), SENTENCES);
		pcm = TestMedia.pcm16kMono(spoken.wav());
	}

	@Test
	void findsEachSentenceWhereItIs() {
		List<Segment> segments = segments(new VoiceActivity(), pcm, FRAME);
		print("clean speech", segments);
		assertMatches(segments, spoken.utterances());
	}

	@Test
	void hearsNothingInSilence() {
		try (VoiceActivity activity = new VoiceActivity()) {
			assertThat(feed(activity, new short[10 * 16_000], FRAME)).isEmpty();
			assertThat(activity.speaking()).isFalse();
			assertThat(activity.probability()).isLessThan(0.1f);
			assertThat(activity.judgedMillis()).isEqualTo(10 * 1000 - 10 * 1000 % 32);
		}
	}

	@Test
	void hearsNothingInLowNoise() {
		short[] noise = noise(20 * 16_000, -50, 1);
		List<Segment> segments = segments(new VoiceActivity(), noise, FRAME);
		print("white noise at -50 dBFS", segments);
		assertThat(segments).isEmpty();
	}

	@Test
	void findsSpeechInModerateNoise() {
		short[] noisy = mix(pcm, noise(pcm.length, -30, 2));
		System.out.printf(Locale.ROOT, "speech at %.1f dBFS (RMS over the sentences) in noise at -30 dBFS%n",
				dbfs(speechRms()));
		List<Segment> segments = segments(new VoiceActivity(), noisy, FRAME);
		print("speech with white noise at -30 dBFS", segments);
		assertMatches(segments, spoken.utterances(), TOLERANCE_MS, NOISY_END_TOLERANCE_MS);
	}

	@Test
	void framesOfAnyLengthGiveTheSameEvents() {
		List<Event> tenMillis = feedAll(new VoiceActivity(), pcm, FRAME);
		List<Event> odd = new ArrayList<>();
		try (VoiceActivity activity = new VoiceActivity()) {
			int[] lengths = { 1, 511, 513, 7, 4_000, 0, 333 };
			int at = 0;
			for (int i = 0; at < pcm.length; i++) {
				int length = Math.min(lengths[i % lengths.length], pcm.length - at);
				odd.addAll(activity.feed(Arrays.copyOfRange(pcm, at, at + length)));
				at += length;
			}
		}
		assertThat(odd).isNotEmpty().isEqualTo(tenMillis);
	}

	@Test
	void speakingAndSpeechLengthFollowTheVoice() {
		try (VoiceActivity activity = new VoiceActivity()) {
			int at = 0;
			for (Utterance utterance : spoken.utterances()) {
				List<Event> events = new ArrayList<>();
				int middle = (int) (utterance.midMs() * 16);
				while (at + FRAME <= middle) {
					events.addAll(activity.feed(Arrays.copyOfRange(pcm, at, at + FRAME)));
					at += FRAME;
				}
				assertThat(events).hasSize(1).first().isInstanceOf(SpeechStarted.class);
				assertThat(activity.speaking()).as("speaking in the middle of \"%s\"", utterance.text()).isTrue();
				assertThat(activity.probability()).isGreaterThan(0.5f);
				long started = events.get(0).offsetMillis();
				assertThat(activity.speechMillis()).isEqualTo(activity.judgedMillis() - started)
					.isCloseTo(utterance.midMs() - utterance.startMs(), within(TOLERANCE_MS));
				int silence = (int) ((utterance.endMs() + 400) * 16);
				while (at + FRAME <= silence) {
					activity.feed(Arrays.copyOfRange(pcm, at, at + FRAME));
					at += FRAME;
				}
				assertThat(activity.speaking()).as("speaking 400 ms after \"%s\"", utterance.text()).isFalse();
				assertThat(activity.speechMillis()).isZero();
			}
		}
	}

	@Test
	void aLongMinimumSilenceBridgesThePausesBetweenSentences() {
		// The gaps are 0.9 to 1.8 s: under 2 s of silence, all is one speech; 3 s of
		// silence end it.
		Settings settings = new Settings(0.5f, 0.35f, Duration.ofMillis(100), Duration.ofSeconds(2));
		short[] longer = Arrays.copyOf(pcm, pcm.length + 3 * 16_000);
		List<Segment> segments = segments(new VoiceActivity(settings), longer, FRAME);
		Utterance first = spoken.utterances().get(0);
		Utterance last = spoken.utterances().get(spoken.utterances().size() - 1);
		assertThat(segments).hasSize(1);
		assertThat(segments.get(0).startMs()).isCloseTo(first.startMs(), within(TOLERANCE_MS));
		assertThat(segments.get(0).endMs()).isCloseTo(last.endMs(), within(TOLERANCE_MS));
	}

	@Test
	void aLongMinimumSpeechIgnoresShortUtterances() {
		// "Why?" and "Thank you." are well under 1.2 s, the other sentences well over it.
		Settings settings = new Settings(0.5f, 0.35f, Duration.ofMillis(1_200), Duration.ofMillis(100));
		List<Segment> segments = segments(new VoiceActivity(settings), pcm, FRAME);
		List<Utterance> longer = spoken.utterances()
			.stream()
			.filter((utterance) -> utterance.lengthMs() > 1_200)
			.toList();
		assertThat(longer).hasSize(3);
		assertMatches(segments, longer);
	}

	@Test
	void resetStartsANewStream() {
		try (VoiceActivity activity = new VoiceActivity()) {
			List<Event> once = feed(activity, pcm, FRAME);
			activity.feed(new short[100]); // a part of a window, dropped by the reset
			activity.reset();
			assertThat(activity.judgedMillis()).isZero();
			assertThat(feed(activity, pcm, FRAME)).isEqualTo(once);
		}
	}

	@Test
	void settingsAreChecked() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Settings(0.3f, 0.5f, Duration.ofMillis(100), Duration.ofMillis(100)))
			.withMessageContaining("deactivation <= activation");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Settings(1.0f, 0.5f, Duration.ofMillis(100), Duration.ofMillis(100)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Settings(0.5f, 0.35f, Duration.ofMillis(-1), Duration.ofMillis(100)));
		assertThat(Settings.DEFAULTS)
			.isEqualTo(new Settings(0.5f, 0.35f, Duration.ofMillis(100), Duration.ofMillis(100)));
	}

	/** A stretch the detector heard as speech, in ms from the start. */
	record Segment(long startMs, long endMs) {
	}

	/**
	 * Each utterance found once, start and end within {@link #TOLERANCE_MS}, nothing
	 * else.
	 */
	static void assertMatches(List<Segment> segments, List<Utterance> utterances) {
		assertMatches(segments, utterances, TOLERANCE_MS, TOLERANCE_MS);
	}

	static void assertMatches(List<Segment> segments, List<Utterance> utterances, long startTolerance,
			long endTolerance) {
		assertThat(segments).hasSameSizeAs(utterances);
		for (int i = 0; i < utterances.size(); i++) {
			Utterance utterance = utterances.get(i);
			assertThat(segments.get(i).startMs()).as("start of \"%s\"", utterance.text())
				.isCloseTo(utterance.startMs(), within(startTolerance));
			assertThat(segments.get(i).endMs()).as("end of \"%s\"", utterance.text())
				.isCloseTo(utterance.endMs(), within(endTolerance));
		}
	}

	/**
	 * Feeds all of {@code samples} and closes {@code activity}; segments must alternate
	 * start, end.
	 */
	static List<Segment> segments(VoiceActivity activity, short[] samples, int frame) {
		List<Event> events = feedAll(activity, samples, frame);
		List<Segment> segments = new ArrayList<>();
		for (int i = 0; i < events.size(); i += 2) {
			assertThat(events.get(i)).isInstanceOf(SpeechStarted.class);
			assertThat(events).as("an end after every start").hasSizeGreaterThan(i + 1);
			assertThat(events.get(i + 1)).isInstanceOf(SpeechEnded.class);
			segments.add(new Segment(events.get(i).offsetMillis(), events.get(i + 1).offsetMillis()));
		}
		return segments;
	}

	static List<Event> feedAll(VoiceActivity activity, short[] samples, int frame) {
		try (activity) {
			return feed(activity, samples, frame);
		}
	}

	static List<Event> feed(VoiceActivity activity, short[] samples, int frame) {
		List<Event> events = new ArrayList<>();
		for (int at = 0; at < samples.length; at += frame) {
			events.addAll(activity.feed(Arrays.copyOfRange(samples, at, Math.min(samples.length, at + frame))));
		}
		return events;
	}

	/** Gaussian white noise whose RMS is {@code dbfs} below full scale. */
	static short[] noise(int length, double dbfs, long seed) {
		double rms = 32768 * Math.pow(10, dbfs / 20);
		Random random = new Random(seed);
		short[] noise = new short[length];
		for (int i = 0; i < length; i++) {
			noise[i] = clip(random.nextGaussian() * rms);
		}
		return noise;
	}

	static short[] mix(short[] a, short[] b) {
		short[] mixed = new short[a.length];
		for (int i = 0; i < a.length; i++) {
			mixed[i] = clip((double) a[i] + b[i]);
		}
		return mixed;
	}

	private static short clip(double sample) {
		return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample)));
	}

	private static double speechRms() {
		double sum = 0;
		long count = 0;
		for (Utterance utterance : spoken.utterances()) {
			double rms = TestMedia.rms(pcm, utterance.startMs(), utterance.endMs());
			sum += rms * rms * utterance.lengthMs();
			count += utterance.lengthMs();
		}
		return Math.sqrt(sum / count);
	}

	private static double dbfs(double rms) {
		return 20 * Math.log10(rms / 32768);
	}

	private static void print(String what, List<Segment> segments) {
		StringBuilder out = new StringBuilder(what + ": " + segments.size() + " segments");
		for (Segment segment : segments) {
			Utterance nearest = spoken.utterances()
				.stream()
				.min((a, b) -> Long.compare(Math.abs(a.startMs() - segment.startMs()),
						Math.abs(b.startMs() - segment.startMs())))
				.orElseThrow();
			out.append(String.format(Locale.ROOT, "%n  heard %6d-%6d ms, said %6d-%6d ms: start %+4d, end %+4d",
					segment.startMs(), segment.endMs(), nearest.startMs(), nearest.endMs(),
					segment.startMs() - nearest.startMs(), segment.endMs() - nearest.endMs()));
		}
		System.out.println(out);
	}

}
