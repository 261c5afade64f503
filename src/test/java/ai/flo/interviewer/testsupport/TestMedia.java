package ai.flo.interviewer.testsupport;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real media files whose spoken content is known to the millisecond, and the bad inputs a
 * user can upload. espeak-ng speaks, ffmpeg encodes, ffprobe checks; all three are
 * required, and a test that needs them fails (never skips) when one is missing.
 *
 * <p>
 * {@link #speech} lays sentences out with silences of distinct lengths between them, so
 * the pattern of gaps (and of sentence lengths) places any stretch of the recording
 * unambiguously; this is what lets {@link ScriptedSpeechServer} find where a chunk it
 * receives came from.
 */
public final class TestMedia {

	/**
	 * Every file {@link #speech} makes, and the master of {@link #large}: 16 kHz mono
	 * 16-bit.
	 */
	public static final int SAMPLE_RATE = 16_000;

	/** Silence before the first sentence. */
	public static final long LEADING_SILENCE_MS = 500;

	/** Silence after the last sentence. */
	public static final long TRAILING_SILENCE_MS = 500;

	private static final List<String> FFMPEG = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y");

	/**
	 * A sample louder than this (about -54 dBFS) is voice; espeak-ng's own silence is
	 * digital zero.
	 */
	private static final int VOICE_SAMPLE = 64;

	private TestMedia() {
	}

	/**
	 * One sentence as it lies in a recording: where the voice starts and ends, in ms from
	 * the start.
	 */
	public record Utterance(String text, long startMs, long endMs) {

		public long midMs() {
			return (this.startMs + this.endMs) / 2;
		}

		public long lengthMs() {
			return this.endMs - this.startMs;
		}

	}

	/**
	 * A recording with known content: a 16 kHz mono 16-bit WAV and where each sentence
	 * lies in it.
	 */
	public record Spoken(Path wav, List<Utterance> utterances, long durationMs) {

		public Spoken {
			utterances = List.copyOf(utterances);
		}

		/** All sentences, joined with spaces. */
		public String text() {
			return this.utterances.stream().map(Utterance::text).collect(Collectors.joining(" "));
		}

	}

	/** What {@link #encode} can make, with the file extension each gets. */
	public enum Format {

		/** MP3 (libmp3lame, 64 kb/s). */
		MP3("mp3", "mp3", false),
		/** 16-bit PCM in a RIFF/WAVE file. */
		WAV("wav", "pcm_s16le", false),
		/** AAC in an MP4 container. */
		M4A("m4a", "aac", false),
		/**
		 * Raw AAC in ADTS frames. There is no index: ffprobe estimates the duration from
		 * the bitrate (10.5 s for 9.3 s of speech with long silences); only decoding
		 * tells the real one.
		 */
		AAC("aac", "aac", false),
		/** Opus in Ogg, named .ogg. */
		OGG_OPUS("ogg", "opus", false),
		/** Opus in Ogg, named .opus. */
		OPUS("opus", "opus", false),
		/** FLAC. */
		FLAC("flac", "flac", false),
		/** Opus in WebM, audio only (what a browser's MediaRecorder makes). */
		WEBM("webm", "opus", false),
		/** A blue H.264 picture and the speech as AAC, in MP4. */
		MP4_VIDEO("mp4", "aac", true),
		/** A blue H.264 picture and the speech as AAC, in QuickTime. */
		MOV_VIDEO("mov", "aac", true),
		/** A blue H.264 picture and the speech as Opus, in Matroska. */
		MKV_VIDEO("mkv", "opus", true);

		private final String extension;

		private final String audioCodec;

		private final boolean video;

		Format(String extension, String audioCodec, boolean video) {
			this.extension = extension;
			this.audioCodec = audioCodec;
			this.video = video;
		}

		/** The file extension, without the dot. */
		public String extension() {
			return this.extension;
		}

		/** The audio codec as ffprobe names it. */
		public String audioCodec() {
			return this.audioCodec;
		}

		/** Whether the file has a video track as well. */
		public boolean video() {
			return this.video;
		}

	}

	/**
	 * Speaks each sentence with espeak-ng and lays them out in one 16 kHz mono 16-bit
	 * WAV, {@code speech.wav} in {@code folder}: {@value #LEADING_SILENCE_MS} ms of
	 * silence, then the sentences separated by silences of {@link #gapAfterMs(int)
	 * distinct lengths}, then {@value #TRAILING_SILENCE_MS} ms of silence. espeak-ng's
	 * own leading and trailing silence is cut off, so each utterance's start and end are
	 * where its voice is (to the sample).
	 */
	public static Spoken speech(Path folder, List<String> sentences) {
		return speech(folder, sentences, null);
	}

	/**
	 * {@link #speech(Path, List)} in the given espeak-ng voice (e.g. {@code en-us}); null
	 * for its default.
	 */
	public static Spoken speech(Path folder, List<String> sentences, String voice) {
		if (sentences.isEmpty()) {
			throw new IllegalArgumentException("no sentences to speak");
		}
		try {
			Files.createDirectories(folder);
			List<short[]> pieces = new ArrayList<>();
			for (int i = 0; i < sentences.size(); i++) {
				Path said = folder.resolve("sentence-" + i + ".wav");
				List<String> espeak = new ArrayList<>(List.of("espeak-ng", "-w", said.toString()));
				if (voice != null) {
					espeak.addAll(List.of("-v", voice));
				}
				espeak.add(sentences.get(i));
				run(espeak);
				short[] pcm = pcm16kMono(said);
				int first = 0;
				while (first < pcm.length && Math.abs(pcm[first]) <= VOICE_SAMPLE) {
					first++;
				}
				int last = pcm.length - 1;
				while (last > first && Math.abs(pcm[last]) <= VOICE_SAMPLE) {
					last--;
				}
				if (first >= pcm.length) {
					throw new IllegalStateException("espeak-ng said nothing for: " + sentences.get(i));
				}
				pieces.add(Arrays.copyOfRange(pcm, first, last + 1));
				Files.delete(said);
			}
			return layOut(sentences, pieces, folder.resolve("speech.wav"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The silence after the {@code i}-th utterance (counting from 0 across the whole
	 * recording): 900 ms plus 137 ms times {@code i % 7}, so any 7 neighbouring gaps are
	 * at least 77 ms apart in length, plus a fixed pseudo-random 0 to 59 ms for each
	 * position, so the pattern never repeats (not even in a long {@link #large} recording
	 * of the same sentences said over and over).
	 */
	public static long gapAfterMs(int i) {
		long z = (i + 1) * 0x9E3779B97F4A7C15L; // SplitMix64's mixing: a hash of the
												// position
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return 900 + 137L * (i % 7) + Math.floorMod(z ^ (z >>> 31), 60L);
	}

	/**
	 * A long recording: the sentences of {@code spoken} said {@code repeats} times over,
	 * laid out like {@link #speech} does (the gaps keep counting across repeats, so each
	 * repeat has its own pattern of gaps; the voice is cut from {@code spoken}, not
	 * spoken again). The 16 kHz WAV master is written beside {@code out} (it is
	 * {@code out} itself for {@link Format#WAV}) and returned as {@link Spoken#wav()};
	 * {@code out} gets the recording in {@code format}.
	 */
	public static Spoken large(Spoken spoken, Path out, int repeats, Format format) {
		if (repeats < 1) {
			throw new IllegalArgumentException("repeats must be at least 1");
		}
		short[] source = pcm16kMono(spoken.wav());
		List<String> texts = new ArrayList<>();
		List<short[]> pieces = new ArrayList<>();
		for (int r = 0; r < repeats; r++) {
			for (Utterance utterance : spoken.utterances()) {
				texts.add(utterance.text());
				pieces.add(Arrays.copyOfRange(source, sample(utterance.startMs()), sample(utterance.endMs())));
			}
		}
		Path master = (format == Format.WAV) ? out : out.resolveSibling(baseName(out) + "-master.wav");
		Spoken large = layOut(texts, pieces, master);
		if (format != Format.WAV) {
			encode(master, out, format);
		}
		return large;
	}

	/**
	 * Lays the pieces out sample-exact (so every start and end is known), then has ffmpeg
	 * write the WAV.
	 */
	private static Spoken layOut(List<String> texts, List<short[]> pieces, Path wav) {
		try {
			Path raw = wav.resolveSibling(baseName(wav) + ".raw");
			List<Utterance> utterances = new ArrayList<>();
			long at = 0;
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 16)) {
				at += silence(out, sample(LEADING_SILENCE_MS));
				for (int i = 0; i < pieces.size(); i++) {
					short[] piece = pieces.get(i);
					long start = at;
					ByteBuffer bytes = ByteBuffer.allocate(piece.length * 2).order(ByteOrder.LITTLE_ENDIAN);
					bytes.asShortBuffer().put(piece);
					out.write(bytes.array());
					at += piece.length;
					utterances.add(new Utterance(texts.get(i), millis(start), millis(at)));
					long gap = (i < pieces.size() - 1) ? gapAfterMs(i) : TRAILING_SILENCE_MS;
					at += silence(out, sample(gap));
				}
			}
			run(concat(FFMPEG, List.of("-f", "s16le", "-ar", String.valueOf(SAMPLE_RATE), "-ac", "1", "-i",
					raw.toString(), "-c:a", "pcm_s16le", wav.toString())));
			Files.delete(raw);
			return new Spoken(wav, utterances, millis(at));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int silence(OutputStream out, int samples) throws IOException {
		out.write(new byte[samples * 2]);
		return samples;
	}

	/**
	 * Encodes {@code wav} into {@code out} in {@code format} (whose extension {@code out}
	 * should have). Audio keeps the source's sample rate where the codec allows it (Opus
	 * is always 48 kHz).
	 */
	public static Path encode(Path wav, Path out, Format format) {
		List<String> args = new ArrayList<>();
		if (format.video()) {
			double seconds = probe(wav).durationSeconds();
			args.addAll(List.of("-f", "lavfi", "-i", "color=c=blue:s=320x240:r=10", "-i", wav.toString(), "-map", "0:v",
					"-map", "1:a", "-shortest", "-t", String.format(Locale.ROOT, "%.3f", seconds), "-c:v", "libx264",
					"-preset", "ultrafast", "-pix_fmt", "yuv420p"));
		}
		else {
			args.addAll(List.of("-i", wav.toString(), "-vn"));
		}
		args.addAll(switch (format) {
			case MP3 -> List.of("-c:a", "libmp3lame", "-b:a", "64k");
			case WAV -> List.of("-c:a", "pcm_s16le");
			case M4A, MP4_VIDEO, MOV_VIDEO -> List.of("-c:a", "aac", "-b:a", "64k");
			case AAC -> List.of("-c:a", "aac", "-b:a", "64k", "-f", "adts");
			case OGG_OPUS, OPUS, WEBM, MKV_VIDEO -> List.of("-c:a", "libopus", "-b:a", "48k");
			case FLAC -> List.of("-c:a", "flac");
		});
		args.add(out.toString());
		run(concat(FFMPEG, args));
		return out;
	}

	/**
	 * {@code bytes} random bytes (always the same ones for one size) named as
	 * {@code out}, e.g. x.mp3.
	 */
	public static Path corrupt(Path out, int bytes) {
		byte[] noise = new byte[bytes];
		new Random(bytes).nextBytes(noise);
		return write(out, noise);
	}

	/**
	 * The first {@code keepFraction} of the bytes of {@code media}: an upload cut short.
	 * How it shows depends on the format (ffmpeg 5.1):
	 * <ul>
	 * <li>MP3: ffprobe still reports the full duration (from the Xing/Info header),
	 * decoding silently yields only the part kept. Detectable by comparing the two.</li>
	 * <li>FLAC, MKV, WEBM: ffprobe reports the full duration (STREAMINFO, Segment
	 * header); decoding ends early, logging an error ("decode_frame() failed", "File
	 * ended prematurely") but exiting 0.</li>
	 * <li>MP4, MOV, M4A: unreadable ("moov atom not found": ffmpeg writes the index at
	 * the end).</li>
	 * <li>WAV: the RIFF header still claims all the data, but ffprobe and ffmpeg trust
	 * the file size: the duration reported is the part kept and decoding succeeds. Only
	 * the header tells.</li>
	 * <li>Ogg (Opus) and ADTS AAC: nothing tells; they look like a shorter recording (AAC
	 * may log an error for its last, cut frame).</li>
	 * </ul>
	 */
	public static Path truncated(Path media, Path out, double keepFraction) {
		try {
			byte[] all = Files.readAllBytes(media);
			return write(out, Arrays.copyOf(all, (int) (all.length * keepFraction)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code seconds} of digital silence, encoded as {@code out}'s extension says
	 * (normally .mp3).
	 */
	public static Path silent(Path out, int seconds) {
		run(concat(FFMPEG, List.of("-f", "lavfi", "-i", "anullsrc=r=" + SAMPLE_RATE + ":cl=mono", "-t",
				String.valueOf(seconds), out.toString())));
		return out;
	}

	/** An empty file. */
	public static Path zeroBytes(Path out) {
		return write(out, new byte[0]);
	}

	/** An MP4 with a blue H.264 picture and no audio track at all. */
	/**
	 * A screen or meeting recording whose video track runs {@code extraSeconds} longer
	 * than its audio (the speech of {@code wav}).
	 */
	public static Path videoOutlastingAudio(Path wav, Path out, Format format, double extraSeconds) {
		double seconds = probe(wav).durationSeconds() + extraSeconds;
		List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "color=c=blue:s=320x240:r=10", "-i",
				wav.toString(), "-map", "0:v", "-map", "1:a", "-t", String.format(Locale.ROOT, "%.3f", seconds), "-c:v",
				"libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
		args.addAll((format == Format.MKV_VIDEO) ? List.of("-c:a", "libopus", "-b:a", "48k")
				: List.of("-c:a", "aac", "-b:a", "64k"));
		args.add(out.toString());
		run(concat(FFMPEG, args));
		return out;
	}

	public static Path videoWithoutAudio(Path out, int seconds) {
		run(concat(FFMPEG, List.of("-f", "lavfi", "-i", "color=c=blue:s=320x240:r=10", "-t", String.valueOf(seconds),
				"-an", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", out.toString())));
		return out;
	}

	/** A plain text file under an audio name (normally .mp3). */
	public static Path textNamedAsAudio(Path out) {
		return write(out, "This is not audio. It is a note that was saved under the wrong name.\n"
			.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A real recording under a name that says otherwise (e.g. interview.txt): a
	 * byte-for-byte copy.
	 */
	public static Path audioWithWrongExtension(Path wav, Path out) {
		try {
			return Files.copy(wav, out, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What ffprobe says about a file: its container and streams. */
	public record Probe(String formatName, double durationSeconds, List<Stream> streams) {

		public Probe {
			streams = List.copyOf(streams);
		}

		/** The first audio stream, if any. */
		public Optional<Stream> audio() {
			return this.streams.stream().filter((stream) -> "audio".equals(stream.type())).findFirst();
		}

		public boolean hasVideo() {
			return this.streams.stream().anyMatch((stream) -> "video".equals(stream.type()));
		}

	}

	/**
	 * One stream as ffprobe reports it; sample rate and channels are 0 for a video
	 * stream.
	 */
	public record Stream(String type, String codec, int sampleRate, int channels, double durationSeconds) {
	}

	/**
	 * Probes {@code media} with ffprobe; {@code durationSeconds} are NaN where ffprobe
	 * has none.
	 * @throws IllegalStateException when ffprobe cannot read the file
	 */
	public static Probe probe(Path media) {
		String out = run(List.of("ffprobe", "-v", "error", "-show_entries",
				"format=format_name,duration:stream=codec_type,codec_name,sample_rate,channels,duration", "-of",
				"compact", media.toString()));
		String formatName = null;
		double duration = Double.NaN;
		List<Stream> streams = new ArrayList<>();
		for (String line : out.split("\n")) {
			String[] fields = line.strip().split("\\|");
			Map<String, String> values = new LinkedHashMap<>();
			for (int i = 1; i < fields.length; i++) {
				int eq = fields[i].indexOf('=');
				if (eq > 0) {
					values.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
				}
			}
			if ("format".equals(fields[0])) {
				formatName = values.get("format_name");
				duration = number(values.get("duration"));
			}
			else if ("stream".equals(fields[0])) {
				streams.add(new Stream(values.get("codec_type"), values.get("codec_name"),
						(int) zeroIfNaN(number(values.get("sample_rate"))),
						(int) zeroIfNaN(number(values.get("channels"))), number(values.get("duration"))));
			}
		}
		if (formatName == null) {
			throw new IllegalStateException("ffprobe said nothing about " + media + ": " + out);
		}
		return new Probe(formatName, duration, streams);
	}

	/**
	 * Decodes the first audio stream of {@code media} to 16 kHz mono 16-bit samples.
	 * @throws IllegalStateException when ffmpeg cannot decode it (not for a cut-short
	 * file: ffmpeg decodes what is there, logs an error and exits 0)
	 */
	public static short[] pcm16kMono(Path media) {
		try {
			Path raw = Files.createTempFile("flo-pcm", ".raw");
			try {
				run(concat(FFMPEG, List.of("-i", media.toString(), "-map", "0:a:0", "-ac", "1", "-ar",
						String.valueOf(SAMPLE_RATE), "-f", "s16le", raw.toString())));
				byte[] bytes = Files.readAllBytes(raw);
				short[] samples = new short[bytes.length / 2];
				ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
				return samples;
			}
			finally {
				Files.deleteIfExists(raw);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Root mean square of 16 kHz samples between two instants (ms); 0 for an empty
	 * stretch.
	 */
	public static double rms(short[] pcm16k, long fromMs, long toMs) {
		int from = Math.max(0, sample(fromMs));
		int to = Math.min(pcm16k.length, sample(toMs));
		if (to <= from) {
			return 0;
		}
		double sum = 0;
		for (int i = from; i < to; i++) {
			sum += (double) pcm16k[i] * pcm16k[i];
		}
		return Math.sqrt(sum / (to - from));
	}

	/**
	 * Runs a tool and returns what it printed on standard output.
	 * @throws IllegalStateException when the tool is missing or fails (with what it
	 * printed)
	 */
	public static String run(List<String> command) {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectInput(Redirect.from(new File("/dev/null"))).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(command.get(0) + " is required for this test: run scripts/test-deps.sh",
					ex);
		}
		try {
			// stderr read on the side so that neither pipe fills up and blocks the tool
			CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException(command.get(0) + " did not finish in 5 minutes: " + command);
			}
			String err = new String(errors.join(), StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command.get(0) + " failed (exit " + process.exitValue() + "): "
						+ err.strip() + "\ncommand: " + String.join(" ", command));
			}
			return out;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + command.get(0), ex);
		}
	}

	private static byte[] readAll(InputStream in) {
		try {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			return new byte[0];
		}
	}

	private static Path write(Path out, byte[] bytes) {
		try {
			return Files.write(out, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static String baseName(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return (dot > 0) ? name.substring(0, dot) : name;
	}

	private static double number(String value) {
		try {
			return (value == null) ? Double.NaN : Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

	private static double zeroIfNaN(double value) {
		return Double.isNaN(value) ? 0 : value;
	}

	static int sample(long millis) {
		return (int) (millis * SAMPLE_RATE / 1000);
	}

	static long millis(long samples) {
		return Math.round(samples * 1000.0 / SAMPLE_RATE);
	}

}
