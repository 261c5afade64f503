package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ai.flo.interviewer.testsupport.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ffprobe and ffmpeg (real ones) read only the file they are given, in the formats we
 * mean to accept, and never for longer than allowed.
 */
class MediaToolsTests {

	@TempDir
	static Path folder;

	private static MediaTools media;

	private static Path tone;

	@BeforeAll
	static void make() throws Exception {
		media = new MediaTools(Duration.ofSeconds(3));
		tone = folder.resolve("tone.mp3");
		ffmpeg("-f", "lavfi", "-i", "sine=f=440:d=2", tone.toString());
	}

	@AfterAll
	static void close() {
		media.close();
	}

	@Test
	void anHlsPlaylistNamingAnotherFileIsNotReadAsMedia() throws IOException {
		Path playlist = Files.writeString(folder.resolve("evil.mp3"),
				"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:2.0,\n" + tone + "\n#EXT-X-ENDLIST\n");
		List<String> why = new ArrayList<>();
		assertThat(media.probe(playlist, why)).isNull();
		assertThat(why).singleElement().asString().contains("not on whitelist").doesNotContain(playlist.toString());
		assertThatThrownBy(() -> media.decode(playlist)).isInstanceOf(MediaTools.MediaException.class);
	}

	@Test
	void aConcatListIsNotReadAsMedia() throws IOException {
		Path list = Files.writeString(folder.resolve("list.wav"), "ffconcat version 1.0\nfile '" + tone + "'\n");
		assertThat(media.probe(list)).isNull();
		assertThatThrownBy(() -> media.decode(list)).isInstanceOf(MediaTools.MediaException.class);
	}

	@Test
	void aRealRecordingIsRead() {
		MediaTools.Probe probe = media.probe(tone);
		assertThat(probe).isNotNull();
		assertThat(probe.hasAudio()).isTrue();
		assertThat(probe.audioDurationMs()).isBetween(1900L, 2200L);
		assertThat(media.decode(tone).decodedMs()).isBetween(1900L, 2200L);
	}

	@Test
	void theAudioTracksOwnDurationIsKnownWhenTheVideoRunsLonger() throws Exception {
		for (String name : List.of("video.mp4", "video.mov", "video.mkv")) {
			Path video = folder.resolve(name);
			ffmpeg("-f", "lavfi", "-i", "testsrc=d=8:s=160x120:r=10", "-f", "lavfi", "-i", "sine=f=300:d=5", "-c:v",
					"mpeg4", "-c:a", "aac", video.toString());
			MediaTools.Probe probe = media.probe(video);
			assertThat(probe.durationMs()).as(name + " container").isGreaterThan(7500L);
			assertThat(probe.audioDurationMs()).as(name + " audio").isBetween(4800L, 5300L);
		}
	}

	@Test
	void aRunThatHangsIsKilledAtTheTimeout() throws Exception {
		// Opening a FIFO with no writer blocks forever: a stand-in for any hang.
		Path fifo = folder.resolve("hang.mp3");
		new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
		long start = System.nanoTime();
		List<String> why = new ArrayList<>();
		assertThat(media.probe(fifo, why)).isNull();
		assertThat(why).singleElement().asString().contains("did not finish within 3 s");
		assertThatThrownBy(() -> media.decode(fifo)).isInstanceOf(MediaTools.MediaException.class)
			.hasMessageContaining("did not finish");
		assertThatThrownBy(() -> media.normalize(fifo, folder.resolve("hang.flac"), -35, 400, (ms) -> {
		})).isInstanceOf(MediaTools.MediaException.class).hasMessageContaining("did not finish");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		// Killed and waited for: none is left, at once.
		assertThat(ProcessHandle.current()
			.descendants()
			.filter((p) -> p.info().commandLine().orElse("").contains(fifo.toString())
					|| p.info().commandLine().orElse("").contains("hang.flac"))
			.filter(ProcessHandle::isAlive)
			.map((p) -> p.info().commandLine().orElse("?"))
			.toList()).as("no ffmpeg or ffprobe left running").isEmpty();
	}

	/**
	 * The one pass: one decode measures the recording and writes the normalised FLAC with
	 * its silences; the chunks are then cut from it without decoding, on the FLAC's
	 * blocks, and hold exactly the normalised audio of their spans, each a FLAC file of
	 * its own.
	 */
	@Test
	void oneDecodeThenChunksCutWithoutDecodingHoldExactlyTheirSpans() throws Exception {
		Path speech = folder.resolve("beeps.mp3");
		// 2 s of tone, 1 s of silence, for 20 s; 44.1 kHz stereo, the tone on the left
		// only (its peak is -6 dB; downmixed it would be -12 dB).
		ffmpeg("-f", "lavfi", "-i", "aevalsrc='if(lt(mod(t,3),2),0.5*sin(2*PI*440*t),0)|0':d=20:s=44100",
				speech.toString());
		Path normalized = folder.resolve("beeps.flac");
		int decodes = media.decodes();
		List<Long> progress = new ArrayList<>();
		MediaTools.Decoded decoded = media.normalize(speech, normalized, -35, 400, progress::add);
		assertThat(media.decodes()).isEqualTo(decodes + 1);
		assertThat(decoded.decodedMs()).isBetween(19_900L, 20_200L);
		assertThat(progress).isNotEmpty().allMatch((ms) -> ms <= decoded.decodedMs() + 100);
		assertThat(decoded.maxVolumeDb()).as("the source's own peak, before the downmix").isBetween(-7.5d, -5d);
		assertThat(decoded.silences()).hasSizeBetween(5, 7);
		assertThat(output("ffprobe", "-v", "error", "-show_entries", "stream=sample_fmt,channels,sample_rate", "-of",
				"csv=p=0", normalized.toString()))
			.containsExactly("s16,16000,1");
		// One process instead of two joined by a pipe: the same audio, the same findings.
		MediaTools single = new MediaTools(Duration.ofSeconds(30), false);
		Path alone = folder.resolve("beeps-single.flac");
		MediaTools.Decoded same = single.normalize(speech, alone, -35, 400, (ms) -> {
		});
		single.close();
		assertThat(same.decodedMs()).isEqualTo(decoded.decodedMs());
		assertThat(same.maxVolumeDb()).isEqualTo(decoded.maxVolumeDb());
		assertThat(same.silences()).isEqualTo(decoded.silences());
		assertThat(TestMedia.pcm16kMono(alone)).isEqualTo(TestMedia.pcm16kMono(normalized));
		MediaTools.Flac flac = MediaTools.flac(normalized);
		assertThat(flac.sampleRate()).isEqualTo(16_000);
		assertThat(flac.blockMs()).isEqualTo(72);
		long total = flac.durationMs();
		List<Timeline.Span> spans = Timeline.spans(total, Timeline.cuts(total, decoded.silences(), 6000, 1000), 1000)
			.stream()
			.map((span) -> Timeline.onBlocks(span, flac.blockMs(), total))
			.toList();
		assertThat(spans).hasSizeGreaterThan(3);
		List<MediaTools.Piece> pieces = new ArrayList<>();
		for (int i = 0; i < spans.size(); i++) {
			pieces.add(new MediaTools.Piece(spans.get(i).startMs(), spans.get(i).endMs(),
					folder.resolve("beeps-" + i + ".flac")));
		}
		media.copy(normalized, pieces);
		assertThat(media.decodes()).as("a stream copy decodes nothing").isEqualTo(decodes + 1);

		short[] whole = TestMedia.pcm16kMono(normalized);
		assertThat(pieces.get(0).startMs()).isZero();
		assertThat(pieces.get(pieces.size() - 1).endMs()).isEqualTo(total);
		for (int i = 0; i < pieces.size(); i++) {
			MediaTools.Piece piece = pieces.get(i);
			if (i > 0) {
				assertThat(piece.startMs()).as("overlaps the chunk before").isLessThan(pieces.get(i - 1).endMs());
			}
			int from = (int) (piece.startMs() * 16);
			int to = (i == pieces.size() - 1) ? whole.length : (int) (piece.endMs() * 16);
			assertThat(MediaTools.flac(piece.output()).samples()).as(piece + " STREAMINFO").isEqualTo(to - from);
			assertThat(media.probe(piece.output()).durationMs()).isEqualTo(piece.endMs() - piece.startMs());
			assertThat(TestMedia.pcm16kMono(piece.output())).as(piece + " samples")
				.isEqualTo(java.util.Arrays.copyOfRange(whole, from, to));
			// A FLAC file of its own: frames numbered from 0 (ffprobe's timestamps come
			// from them), every CRC right.
			List<String> pts = output("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "packet=pts",
					"-of", "csv=p=0", piece.output().toString());
			assertThat(pts.get(0)).as(piece + " first frame").isEqualTo("0");
			assertThat(pts.get(pts.size() - 1)).as(piece + " last frame")
				.isEqualTo(String.valueOf((pts.size() - 1) * 1152));
			assertThat(crcErrors(piece.output())).as(piece + " CRC check").isEmpty();
		}
		// The CRC check would see a damaged chunk.
		Path damaged = folder.resolve("damaged.flac");
		byte[] bytes = Files.readAllBytes(pieces.get(1).output());
		bytes[bytes.length / 2] ^= 0x10;
		Files.write(damaged, bytes);
		assertThat(crcErrors(damaged)).isNotEmpty();
	}

	/** What ffmpeg says when decoding the file with its CRCs checked. */
	private static List<String> crcErrors(Path flac) throws Exception {
		return output("ffmpeg", "-v", "error", "-err_detect", "crccheck", "-i", flac.toString(), "-f", "null", "-");
	}

	private static List<String> output(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> lines = new String(process.getInputStream().readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8)
			.lines()
			.toList();
		process.waitFor();
		return lines;
	}

	@Test
	void matroskaDurationTagsAreRead() {
		assertThat(MediaTools.tagMillis("00:00:05.023000000")).isEqualTo(5023L);
		assertThat(MediaTools.tagMillis("01:02:03.5")).isEqualTo(3_723_500L);
		assertThat(MediaTools.tagMillis("garbage")).isNull();
	}

	@Test
	void playlistsAreRecognisedInText() {
		assertThat(TranscriptText.playlist("#EXTM3U\n#EXTINF:1,\nhttp://example.com/a.mp3")).contains("HLS");
		assertThat(TranscriptText.playlist("# made by hand\nfile '/etc/passwd'\n")).contains("concat");
		assertThat(TranscriptText.playlist("ffconcat version 1.0\n")).contains("concat");
		assertThat(TranscriptText.playlist("Interviewer: Tell me about a file you lost.\nCandidate: I kept backups."))
			.isNull();
	}

	private static void ffmpeg(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor()).isZero();
	}

}
