package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		// Killed and waited for: none is left, at once.
		assertThat(ProcessHandle.current()
			.descendants()
			.filter((p) -> p.info().commandLine().orElse("").contains(fifo.toString()))
			.filter(ProcessHandle::isAlive)
			.map((p) -> p.info().commandLine().orElse("?"))
			.toList()).as("no ffmpeg or ffprobe left running").isEmpty();
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
