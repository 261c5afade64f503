package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.flo.interviewer.testsupport.TestMedia.Format;
import ai.flo.interviewer.testsupport.TestMedia.Probe;
import ai.flo.interviewer.testsupport.TestMedia.Spoken;
import ai.flo.interviewer.testsupport.TestMedia.Utterance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * The test media are what they claim: each format checked with ffprobe, and the sentences
 * where {@link Spoken} says they are (loud inside, silent between).
 */
class TestMediaTests {

	static final List<String> SENTENCES = List.of("Tell me about a project you are proud of.",
			"I moved our billing system to an event driven design.", "Why did you choose that approach?");

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
	void speechIsOneSixteenKilohertzMonoWavWithDistinctGaps() {
		Probe probe = TestMedia.probe(spoken.wav());
		assertThat(probe.formatName()).isEqualTo("wav");
		assertThat(probe.audio()).hasValueSatisfying((audio) -> {
			assertThat(audio.codec()).isEqualTo("pcm_s16le");
			assertThat(audio.sampleRate()).isEqualTo(16_000);
			assertThat(audio.channels()).isEqualTo(1);
		});
		assertThat(probe.durationSeconds() * 1000).isCloseTo(spoken.durationMs(), within(2.0));
		assertThat(pcm.length / 16.0).isCloseTo(spoken.durationMs(), within(1.0));

		List<Utterance> utterances = spoken.utterances();
		assertThat(utterances).extracting(Utterance::text).containsExactlyElementsOf(SENTENCES);
		assertThat(spoken.text()).isEqualTo(String.join(" ", SENTENCES));
		assertThat(utterances.get(0).startMs()).isEqualTo(TestMedia.LEADING_SILENCE_MS);
		for (int i = 0; i + 1 < utterances.size(); i++) {
			assertThat(utterances.get(i + 1).startMs() - utterances.get(i).endMs()).as("gap %d", i)
				.isCloseTo(TestMedia.gapAfterMs(i), within(1L));
		}
		assertThat(spoken.durationMs() - utterances.get(utterances.size() - 1).endMs())
			.isCloseTo(TestMedia.TRAILING_SILENCE_MS, within(1L));
		assertThat(utterances).allSatisfy((utterance) -> assertThat(utterance.lengthMs()).isBetween(1000L, 6000L));
	}

	@Test
	void utterancesAreLoudAndGapsSilentToWithinThirtyMilliseconds() {
		List<Utterance> utterances = spoken.utterances();
		for (int i = 0; i < utterances.size(); i++) {
			Utterance utterance = utterances.get(i);
			assertThat(TestMedia.rms(pcm, utterance.startMs(), utterance.endMs())).as(utterance.text())
				.isGreaterThan(1000);
			assertThat(TestMedia.rms(pcm, utterance.startMs(), utterance.startMs() + 30))
				.as("voice starts: %s", utterance.text())
				.isGreaterThan(50);
			assertThat(TestMedia.rms(pcm, utterance.endMs() - 30, utterance.endMs()))
				.as("voice ends: %s", utterance.text())
				.isGreaterThan(20);
			long silenceFrom = (i == 0) ? 0 : utterances.get(i - 1).endMs() + 2;
			assertThat(TestMedia.rms(pcm, silenceFrom, utterance.startMs() - 2))
				.as("silence before %s", utterance.text())
				.isLessThan(5);
		}
		assertThat(TestMedia.rms(pcm, utterances.get(utterances.size() - 1).endMs() + 2, spoken.durationMs()))
			.isLessThan(5);
	}

	@ParameterizedTest
	@EnumSource(Format.class)
	void eachFormatIsWhatItClaimsAndKeepsTheSpeechInPlace(Format format) {
		Path file = TestMedia.encode(spoken.wav(), folder.resolve("speech-" + format + "." + format.extension()),
				format);

		assertThat(file.getFileName().toString()).endsWith("." + format.extension());
		Probe probe = TestMedia.probe(file);
		assertThat(probe.audio()).as("audio stream").hasValueSatisfying((audio) -> {
			assertThat(audio.codec()).isEqualTo(format.audioCodec());
			assertThat(audio.channels()).isEqualTo(1);
		});
		assertThat(probe.hasVideo()).isEqualTo(format.video());
		if (!format.video() && format != Format.AAC) {
			assertThat(probe.durationSeconds() * 1000).isCloseTo(spoken.durationMs(), within(200.0));
		}
		// ADTS AAC has no index: ffprobe estimates its duration from the bitrate (13 %
		// too long here)
		short[] decoded = TestMedia.pcm16kMono(file);
		assertThat(decoded.length / 16.0).isCloseTo(spoken.durationMs(), within(200.0));
		for (Utterance utterance : spoken.utterances()) {
			assertThat(TestMedia.rms(decoded, utterance.startMs() + 100, utterance.endMs() - 100)).as(utterance.text())
				.isGreaterThan(1000);
		}
		Utterance first = spoken.utterances().get(0);
		Utterance second = spoken.utterances().get(1);
		assertThat(TestMedia.rms(decoded, first.endMs() + 150, second.startMs() - 150)).as("the first gap")
			.isLessThan(100);
	}

	@Test
	void truncatedWavHeaderClaimsMoreThanIsThereWhileFfprobeTrustsTheFileSize() throws IOException {
		Path cut = TestMedia.truncated(spoken.wav(), folder.resolve("cut.wav"), 0.5);

		byte[] bytes = Files.readAllBytes(cut);
		assertThat(bytes.length).isEqualTo((int) (Files.size(spoken.wav()) * 0.5));
		long[] data = dataChunk(bytes);
		assertThat(data[1]).as("bytes the header claims").isGreaterThan(bytes.length - data[0]);
		assertThat(TestMedia.probe(cut).durationSeconds() * 1000).isCloseTo(spoken.durationMs() / 2.0, within(100.0));
	}

	@Test
	void truncatedMp3StillClaimsTheFullDurationButDecodesToHalf() {
		Path mp3 = TestMedia.encode(spoken.wav(), folder.resolve("whole.mp3"), Format.MP3);
		Path cut = TestMedia.truncated(mp3, folder.resolve("cut.mp3"), 0.5);

		assertThat(TestMedia.probe(cut).durationSeconds() * 1000).isCloseTo(spoken.durationMs(), within(200.0));
		assertThat(TestMedia.pcm16kMono(cut).length / 16.0).isCloseTo(spoken.durationMs() / 2.0, within(300.0));
	}

	@Test
	void truncatedMp4IsUnreadable() {
		Path mp4 = TestMedia.encode(spoken.wav(), folder.resolve("whole.mp4"), Format.MP4_VIDEO);
		Path cut = TestMedia.truncated(mp4, folder.resolve("cut.mp4"), 0.5);

		assertThatIllegalStateException().isThrownBy(() -> TestMedia.probe(cut))
			.withMessageContaining("moov atom not found");
	}

	@Test
	void unreadableInputsAreRefusedByFfprobe() {
		assertThatIllegalStateException()
			.isThrownBy(() -> TestMedia.probe(TestMedia.corrupt(folder.resolve("noise.mp3"), 20_000)));
		assertThatIllegalStateException()
			.isThrownBy(() -> TestMedia.probe(TestMedia.zeroBytes(folder.resolve("empty.mp3"))));
		Path text = TestMedia.textNamedAsAudio(folder.resolve("note.mp3"));
		assertThat(Files.exists(text)).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> TestMedia.probe(text));
	}

	@Test
	void silentMp3HasAudioAndNothingInIt() {
		Path silent = TestMedia.silent(folder.resolve("silent.mp3"), 3);

		Probe probe = TestMedia.probe(silent);
		assertThat(probe.audio()).hasValueSatisfying((audio) -> assertThat(audio.codec()).isEqualTo("mp3"));
		assertThat(probe.durationSeconds()).isCloseTo(3.0, within(0.2));
		short[] decoded = TestMedia.pcm16kMono(silent);
		assertThat(TestMedia.rms(decoded, 0, 3000)).isLessThan(1);
	}

	@Test
	void videoWithoutAudioHasOnlyAVideoStream() {
		Probe probe = TestMedia.probe(TestMedia.videoWithoutAudio(folder.resolve("mute.mp4"), 2));

		assertThat(probe.hasVideo()).isTrue();
		assertThat(probe.audio()).isEmpty();
		assertThat(probe.durationSeconds()).isCloseTo(2.0, within(0.2));
	}

	@Test
	void audioWithWrongExtensionIsStillAWav() {
		Path named = TestMedia.audioWithWrongExtension(spoken.wav(), folder.resolve("interview.txt"));

		assertThat(TestMedia.probe(named).formatName()).isEqualTo("wav");
		assertThat(TestMedia.probe(named).audio())
			.hasValueSatisfying((audio) -> assertThat(audio.codec()).isEqualTo("pcm_s16le"));
	}

	@Test
	void largeRepeatsTheSentencesWithGapsCountingOn() {
		Path out = folder.resolve("large.mp3");
		Spoken large = TestMedia.large(spoken, out, 3, Format.MP3);

		List<Utterance> utterances = large.utterances();
		assertThat(utterances).hasSize(9);
		assertThat(utterances).extracting(Utterance::text)
			.containsExactlyElementsOf(
					List.of(SENTENCES, SENTENCES, SENTENCES).stream().flatMap(List::stream).toList());
		for (int i = 0; i + 1 < utterances.size(); i++) {
			assertThat(utterances.get(i + 1).startMs() - utterances.get(i).endMs()).as("gap %d", i)
				.isCloseTo(TestMedia.gapAfterMs(i), within(1L));
			assertThat(utterances.get(i).lengthMs()).isCloseTo(spoken.utterances().get(i % 3).lengthMs(), within(1L));
		}
		assertThat(TestMedia.probe(out).durationSeconds() * 1000).isCloseTo(large.durationMs(), within(200.0));
		assertThat(TestMedia.probe(large.wav()).audio()).hasValueSatisfying((audio) -> {
			assertThat(audio.codec()).isEqualTo("pcm_s16le");
			assertThat(audio.sampleRate()).isEqualTo(16_000);
		});
		short[] decoded = TestMedia.pcm16kMono(out);
		for (int i = 0; i < utterances.size(); i++) {
			Utterance utterance = utterances.get(i);
			assertThat(TestMedia.rms(decoded, utterance.startMs() + 100, utterance.endMs() - 100)).isGreaterThan(1000);
			if (i + 1 < utterances.size()) {
				assertThat(TestMedia.rms(decoded, utterance.endMs() + 150, utterances.get(i + 1).startMs() - 150))
					.isLessThan(100);
			}
		}
	}

	@Test
	void aMissingToolFailsWithAClearMessage() {
		assertThatIllegalStateException().isThrownBy(() -> TestMedia.run(List.of("flo-no-such-tool", "-version")))
			.withMessageContaining("flo-no-such-tool is required for this test");
	}

	/** Where the data chunk's bytes start, and how many the header claims. */
	private static long[] dataChunk(byte[] wav) {
		ByteBuffer buffer = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
		int at = 12;
		while (at + 8 <= wav.length) {
			String id = new String(wav, at, 4, StandardCharsets.US_ASCII);
			long size = Integer.toUnsignedLong(buffer.getInt(at + 4));
			if (id.equals("data")) {
				return new long[] { at + 8, size };
			}
			at += 8 + (int) size + (int) (size % 2);
		}
		throw new AssertionError("no data chunk");
	}

}
