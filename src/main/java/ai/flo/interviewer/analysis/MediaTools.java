package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.kokorin.jaffree.StreamType;
import com.github.kokorin.jaffree.ffmpeg.FFmpeg;
import com.github.kokorin.jaffree.ffmpeg.NullOutput;
import com.github.kokorin.jaffree.ffmpeg.UrlInput;
import com.github.kokorin.jaffree.ffmpeg.UrlOutput;
import com.github.kokorin.jaffree.ffprobe.FFprobe;
import com.github.kokorin.jaffree.ffprobe.FFprobeResult;
import com.github.kokorin.jaffree.ffprobe.Stream;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What we ask of ffprobe and ffmpeg: probing and a plain decode (through jaffree); the
 * one decode that proves a file whole and writes the normalised FLAC with its silences
 * (ffmpeg run directly); cutting chunks (in Java, {@link FlacChunks}, or by ffmpeg when
 * the FLAC's blocks vary).
 * <p>
 * Uploads are hostile input to programs that can open other files and URLs: every input
 * is read with the {@code file} protocol only and only by the demuxers of real audio and
 * video containers ({@link #FORMATS}), so a playlist (HLS), a concat list or an image
 * sequence naming other files or URLs is refused by ffmpeg itself. Every run has a
 * timeout after which its process is killed.
 */
@Component
class MediaTools {

	/**
	 * The demuxers we accept (ffmpeg's names; {@code mov} also reads mp4, m4a and 3gp,
	 * {@code matroska} also webm). Not here, on purpose: hls, concat, image2, tty (text),
	 * lavfi, and every other demuxer that reads more than the one file it is given.
	 */
	static final String FORMATS = "mp3,wav,mov,aac,ogg,flac,matroska,avi,asf,amr,mpeg,mpegts,aiff,caf,w64";

	/** Input options that bound what ffmpeg and ffprobe may open. */
	static final List<String> INPUT_LIMITS = List.of("-protocol_whitelist", "file", "-format_whitelist", FORMATS);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

	private final Duration timeout;

	private final boolean split;

	private final ExecutorService runs;

	/**
	 * How many ffmpeg runs decoded audio (cutting chunks by {@link #copy} does not): for
	 * tests.
	 */
	private final AtomicInteger decodes = new AtomicInteger();

	@Autowired
	MediaTools(AnalysisProperties properties) {
		this(properties.mediaTimeout(), properties.decodePipeline());
	}

	MediaTools(Duration timeout) {
		this(timeout, true);
	}

	/**
	 * @param split whether {@link #normalize} runs as two processes joined by a pipe
	 */
	MediaTools(Duration timeout, boolean split) {
		this.timeout = timeout;
		this.split = split;
		AtomicInteger threads = new AtomicInteger();
		this.runs = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "media-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@PreDestroy
	void close() {
		this.runs.shutdownNow();
	}

	/**
	 * Loudness normalisation for speech: {@code dynaudnorm} evens out the level over
	 * half-second frames (at most 20 dB of gain, so pauses stay quiet) in the same pass
	 * as decoding. Measured on an hour of speech: one pass of {@code loudnorm} took 15
	 * times as long, a linear two-pass gain with a limiter twice as long;
	 * {@code speechnorm} turned AAC's quiet noise in pauses into full-scale sound, hiding
	 * every silence.
	 */
	static final String NORMALIZE = "dynaudnorm=f=500:g=31:m=10";

	static final int SAMPLE_RATE = 16_000;

	/**
	 * Samples in each block of the normalised FLAC: 72 ms at 16 kHz (what ffmpeg chooses
	 * anyway at that rate), fixed so that chunk boundaries can be put on blocks.
	 */
	static final int FLAC_BLOCK = 1152;

	/** FLAC compression level of the normalised audio. */
	static final int FLAC_LEVEL = 5;

	private static final Pattern SILENCE_START = Pattern.compile("silence_start: (-?[0-9.]+)");

	private static final Pattern SILENCE_END = Pattern.compile("silence_end: (-?[0-9.]+)");

	private static final Pattern MAX_VOLUME = Pattern.compile("max_volume: (-?[0-9.]+|-inf) dB");

	/**
	 * What ffprobe says of a file.
	 *
	 * @param format the container, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
	 * @param audioCodec the first audio stream's codec, or {@code null} without one
	 * @param streams how many streams of any kind
	 * @param durationMs the container's or audio stream's duration, or {@code null} when
	 * not stated
	 * @param audioDurationMs the audio stream's own duration (a video track may last
	 * longer), or {@code null} when nothing states it
	 */
	record Probe(String format, String audioCodec, int streams, Long durationMs, Long audioDurationMs,
			Integer sampleRate, Integer channels) {

		boolean hasAudio() {
			return this.audioCodec != null;
		}

		String describe() {
			return this.format + ((this.audioCodec != null) ? " / " + this.audioCodec : "");
		}

	}

	/**
	 * @param decodedMs how much audio decoded
	 * @param maxVolumeDb the loudest sample (of the audio as it was, before any
	 * normalisation), {@code -inf} as -200
	 * @param errors errors ffmpeg logged while decoding (it may still finish)
	 * @param silences the silences found (after normalisation), in order; empty when not
	 * looked for
	 */
	record Decoded(long decodedMs, double maxVolumeDb, List<String> errors, List<Silence> silences) {
	}

	/**
	 * @param startMs silence start; @param endMs silence end
	 */
	record Silence(long startMs, long endMs) {

		long middleMs() {
			return (this.startMs + this.endMs) / 2;
		}

	}

	/**
	 * @return the probe, or {@code null} when ffprobe cannot read the file as media at
	 * all
	 */
	Probe probe(Path file) {
		return probe(file, new ArrayList<>());
	}

	/**
	 * @param why receives ffprobe's complaint when it cannot read the file
	 * @return the probe, or {@code null} when ffprobe cannot read the file as media at
	 * all
	 */
	Probe probe(Path file, List<String> why) {
		FFprobeResult result;
		try {
			result = within(file, (PROBE_TIMEOUT.compareTo(this.timeout) < 0) ? PROBE_TIMEOUT : this.timeout,
					() -> FFprobe.atPath()
						.addArguments(INPUT_LIMITS.get(0), INPUT_LIMITS.get(1))
						.addArguments(INPUT_LIMITS.get(2), INPUT_LIMITS.get(3))
						.setInput(file)
						.setShowStreams(true)
						.setShowFormat(true)
						.execute());
		}
		catch (MediaException ex) {
			why.add(ex.getMessage());
			return null;
		}
		catch (RuntimeException ex) {
			why.add(probeError(file));
			return null;
		}
		if (result.getFormat() == null) {
			return null;
		}
		List<Stream> streams = (result.getStreams() != null) ? result.getStreams() : List.of();
		Stream audio = streams.stream().filter((s) -> s.getCodecType() == StreamType.AUDIO).findFirst().orElse(null);
		Long container = millis(result.getFormat().getDuration());
		Long audioOwn = (audio != null) ? millis(audio.getDuration()) : null;
		if (audio != null && audioOwn == null) {
			audioOwn = tagMillis(audio.getTag("DURATION"));
		}
		if (audio != null && audioOwn == null && streams.size() == 1) {
			// The only stream: the container's duration is the audio's.
			audioOwn = container;
		}
		return new Probe(result.getFormat().getFormatName(), (audio != null) ? audio.getCodecName() : null,
				streams.size(), (container != null) ? container : audioOwn, audioOwn,
				(audio != null) ? audio.getSampleRate() : null, (audio != null) ? audio.getChannels() : null);
	}

	private static Long millis(Float seconds) {
		return (seconds != null && seconds > 0 && Float.isFinite(seconds)) ? Math.round(seconds * 1000d) : null;
	}

	private static final Pattern TAG_DURATION = Pattern.compile("(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

	/** Matroska's per-stream {@code DURATION} tag, {@code HH:MM:SS.nnnnnnnnn}. */
	static Long tagMillis(String tag) {
		if (tag == null) {
			return null;
		}
		Matcher m = TAG_DURATION.matcher(tag.strip());
		if (!m.matches()) {
			return null;
		}
		double seconds = Integer.parseInt(m.group(1)) * 3600d + Integer.parseInt(m.group(2)) * 60d
				+ Double.parseDouble(m.group(3));
		return (seconds > 0) ? Math.round(seconds * 1000) : null;
	}

	/**
	 * Decodes the first audio stream to nothing, measuring how much decodes and how loud
	 * it is.
	 * @throws MediaException when ffmpeg stops on an error
	 */
	Decoded decode(Path file) {
		AtomicLong decoded = new AtomicLong();
		AtomicReference<Double> maxVolume = new AtomicReference<>();
		List<String> errors = new ArrayList<>();
		try {
			this.decodes.incrementAndGet();
			run(file,
					FFmpeg.atPath()
						.addInput(input(file))
						.addArguments("-map", "0:a:0")
						.setFilter(StreamType.AUDIO, "volumedetect")
						.addOutput(new NullOutput(false))
						.setProgressListener((p) -> {
							if (p.getTimeMillis() != null) {
								decoded.set(Math.max(decoded.get(), p.getTimeMillis()));
							}
						})
						.setOutputListener((line) -> {
							Matcher m = MAX_VOLUME.matcher(line);
							if (m.find()) {
								maxVolume.set(m.group(1).equals("-inf") ? -200d : Double.parseDouble(m.group(1)));
							}
							else if (line.toLowerCase(Locale.ROOT).contains("error") && errors.size() < 5) {
								errors.add(line.strip());
							}
						}));
		}
		catch (MediaException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new MediaException("ffmpeg could not decode the audio: " + firstLine(ex, errors), ex);
		}
		return new Decoded(decoded.get(), (maxVolume.get() != null) ? maxVolume.get() : -200d, List.copyOf(errors),
				List.of());
	}

	/**
	 * The one decode of a recording: measures how much audio decodes and how loud it is
	 * ({@code volumedetect}, on the audio as it is, before anything changes it), converts
	 * to 16 kHz mono (before the other filters, so they work on 16 kHz mono whatever the
	 * source), normalises loudness, detects silences and encodes 16-bit FLAC. The FLAC
	 * has fixed blocks of {@link #FLAC_BLOCK} samples, so that chunks can be cut from it
	 * without decoding ({@link #copy}) at known places.
	 * <p>
	 * With {@code split} (the default) this is two ffmpeg processes joined by a pipe of
	 * 16 kHz mono 16-bit PCM: the first decodes and measures, the second normalises,
	 * finds silences and encodes, so that two cores share the work; otherwise one process
	 * does it all. Either way the source is decoded once. ffmpeg is run directly (not
	 * through jaffree): its progress comes from {@code -progress} on standard output, its
	 * measurements from its log.
	 * @param progress receives the milliseconds processed so far
	 * @throws MediaException when ffmpeg stops on an error
	 */
	Decoded normalize(Path input, Path output, double silenceDb, long silenceMinMs, LongConsumer progress) {
		List<Silence> silences = new ArrayList<>();
		AtomicReference<Double> openStart = new AtomicReference<>();
		AtomicLong decoded = new AtomicLong();
		AtomicReference<Double> maxVolume = new AtomicReference<>();
		List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
		String measure = "volumedetect,aresample=" + SAMPLE_RATE + ",aformat=sample_fmts=s16:channel_layouts=mono";
		String normalise = String.format(Locale.ROOT, "%s,silencedetect=n=%.1fdB:d=%.3f", NORMALIZE, silenceDb,
				silenceMinMs / 1000d);
		List<String> encode = List.of("-c:a", "flac", "-sample_fmt", "s16", "-compression_level",
				String.valueOf(FLAC_LEVEL), "-frame_size", String.valueOf(FLAC_BLOCK), "-progress", "pipe:1", "-y",
				output.toString());
		List<String> decode = new ArrayList<>(
				List.of("ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info"));
		decode.addAll(INPUT_LIMITS);
		decode.addAll(List.of("-i", input.toString(), "-map", "0:a:0", "-vn", "-sn", "-dn"));
		List<List<String>> commands = new ArrayList<>();
		if (this.split) {
			decode.addAll(
					List.of("-af", measure, "-f", "s16le", "-ac", "1", "-ar", String.valueOf(SAMPLE_RATE), "pipe:1"));
			List<String> second = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostats", "-loglevel",
					"level+info", "-protocol_whitelist", "pipe", "-f", "s16le", "-ar", String.valueOf(SAMPLE_RATE),
					"-ac", "1", "-i", "pipe:0", "-af", normalise));
			second.addAll(encode);
			commands.add(decode);
			commands.add(second);
		}
		else {
			decode.addAll(List.of("-af", measure + "," + normalise));
			decode.addAll(encode);
			commands.add(decode);
		}
		java.util.function.Consumer<String> log = (line) -> {
			Matcher start = SILENCE_START.matcher(line);
			Matcher end = SILENCE_END.matcher(line);
			Matcher volume = MAX_VOLUME.matcher(line);
			if (volume.find()) {
				maxVolume.set(volume.group(1).equals("-inf") ? -200d : Double.parseDouble(volume.group(1)));
			}
			else if (start.find()) {
				openStart.set(Math.max(0, Double.parseDouble(start.group(1))));
			}
			else if (end.find() && openStart.get() != null) {
				silences.add(new Silence(Math.round(openStart.get() * 1000),
						Math.round(Double.parseDouble(end.group(1)) * 1000)));
				openStart.set(null);
			}
			else if (line.toLowerCase(Locale.ROOT).contains("error") && errors.size() < 5) {
				errors.add(line.replaceAll("^\\[[A-Za-z0-9_,]+ @ 0x[0-9a-f]+\\] ", "").strip());
			}
		};
		java.util.function.Consumer<String> progressLine = (line) -> {
			if (line.startsWith("out_time_us=")) {
				try {
					long ms = Long.parseLong(line.substring("out_time_us=".length()).strip()) / 1000;
					if (ms > decoded.get()) {
						decoded.set(ms);
						progress.accept(ms);
					}
				}
				catch (NumberFormatException ex) {
					// N/A before the first frame
				}
			}
		};
		this.decodes.incrementAndGet();
		List<Integer> exits = runPipeline(commands, log, progressLine);
		for (int i = 0; i < exits.size(); i++) {
			if (exits.get(i) != 0) {
				throw new MediaException("ffmpeg could not decode the audio: "
						+ (errors.isEmpty() ? "exit status " + exits.get(i) : String.join("; ", errors)), null);
			}
		}
		Flac flac = flac(output);
		long decodedMs = (flac != null && flac.samples() > 0) ? flac.durationMs() : decoded.get();
		return new Decoded(decodedMs, (maxVolume.get() != null) ? maxVolume.get() : -200d, List.copyOf(errors),
				List.copyOf(silences));
	}

	/**
	 * Runs ffmpeg processes joined by pipes (the standard output of each into the next),
	 * for at most the timeout, then kills them all. Their logs go line by line to
	 * {@code log} (from threads of their own), the last one's standard output to
	 * {@code output}.
	 * @return the exit statuses, in order
	 */
	private List<Integer> runPipeline(List<List<String>> commands, java.util.function.Consumer<String> log,
			java.util.function.Consumer<String> output) {
		List<ProcessBuilder> builders = commands.stream().map(ProcessBuilder::new).toList();
		builders.get(0).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		List<Process> processes;
		try {
			processes = (builders.size() == 1) ? List.of(builders.get(0).start())
					: ProcessBuilder.startPipeline(builders);
		}
		catch (IOException ex) {
			throw new MediaException("ffmpeg could not be run: " + ex.getMessage(), ex);
		}
		List<Future<?>> readers = new ArrayList<>();
		try {
			for (Process process : processes) {
				readers.add(this.runs.submit(() -> lines(process.getErrorStream(), log)));
			}
			readers.add(this.runs.submit(() -> lines(processes.get(processes.size() - 1).getInputStream(), output)));
			long deadline = System.nanoTime() + this.timeout.toNanos();
			List<Integer> exits = new ArrayList<>();
			for (Process process : processes) {
				if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					throw new MediaException("ffmpeg did not finish within " + this.timeout.toSeconds()
							+ " s (FLO_ANALYSIS_MEDIA_TIMEOUT) and was stopped", null);
				}
				exits.add(process.exitValue());
			}
			for (Future<?> reader : readers) {
				reader.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			return exits;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MediaException("interrupted while ffmpeg was running", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new MediaException("could not read ffmpeg's output: " + ex, ex);
		}
		finally {
			for (Process process : processes) {
				if (process.isAlive()) {
					process.destroyForcibly();
					try {
						process.waitFor(5, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}
			readers.forEach((reader) -> reader.cancel(true));
		}
	}

	private static Void lines(java.io.InputStream in, java.util.function.Consumer<String> consumer) throws IOException {
		try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				consumer.accept(line);
			}
		}
		return null;
	}

	/** How many ffmpeg runs so far decoded audio. */
	int decodes() {
		return this.decodes.get();
	}

	/** A piece to cut: {@code [startMs, endMs)} of the input into {@code output}. */
	record Piece(long startMs, long endMs, Path output) {
	}

	/**
	 * Cuts pieces of a FLAC file into their own FLAC files in one ffmpeg run: the input
	 * is decoded once and each output takes its stretch (output-side seeking, exact to
	 * the sample), encoded again. For a FLAC whose blocks vary; {@link #copy} is much
	 * cheaper.
	 */
	void cut(Path input, List<Piece> pieces) {
		this.decodes.incrementAndGet();
		cutPieces(input, pieces, "-c:a", "flac");
	}

	/** One ffmpeg run that writes each piece, with these output arguments (in pairs). */
	private void cutPieces(Path input, List<Piece> pieces, String... outputArguments) {
		FFmpeg ffmpeg = FFmpeg.atPath().addInput(input(input)).setOverwriteOutput(true);
		for (Piece piece : pieces) {
			UrlOutput output = UrlOutput.toPath(piece.output())
				.setPosition(piece.startMs())
				.setDuration(piece.endMs() - piece.startMs());
			for (int i = 0; i + 1 < outputArguments.length; i += 2) {
				output.addArguments(outputArguments[i], outputArguments[i + 1]);
			}
			ffmpeg.addOutput(output);
		}
		try {
			run(input, ffmpeg);
		}
		catch (MediaException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new MediaException("ffmpeg could not cut the chunks: " + ex.getMessage(), ex);
		}
	}

	/**
	 * What a FLAC file's STREAMINFO says.
	 *
	 * @param minBlock the smallest block, in samples; @param maxBlock the largest
	 * @param samples samples per channel, 0 when unknown
	 */
	record Flac(int sampleRate, int minBlock, int maxBlock, long samples) {

		long durationMs() {
			return this.samples * 1000 / this.sampleRate;
		}

		/**
		 * The length of a block in whole milliseconds, or 0 when blocks vary or do not
		 * last whole milliseconds (then chunks cannot be cut on blocks).
		 */
		long blockMs() {
			boolean whole = this.minBlock == this.maxBlock && (this.maxBlock * 1000L) % this.sampleRate == 0;
			return whole ? this.maxBlock * 1000L / this.sampleRate : 0;
		}

	}

	/** Where STREAMINFO starts: after {@code fLaC} and the block's own header. */
	private static final int STREAMINFO = 8;

	/**
	 * @return the file's STREAMINFO, or {@code null} when it is not a FLAC file
	 */
	static Flac flac(Path file) {
		byte[] head = new byte[STREAMINFO + 34];
		try (var in = Files.newInputStream(file)) {
			if (in.readNBytes(head, 0, head.length) < head.length || head[0] != 'f' || head[1] != 'L' || head[2] != 'a'
					|| head[3] != 'C' || (head[4] & 0x7F) != 0) {
				return null;
			}
		}
		catch (IOException ex) {
			return null;
		}
		Bits info = new Bits(head, STREAMINFO);
		int rate = (int) info.bits(80, 20);
		return (rate > 0) ? new Flac(rate, (int) info.bits(0, 16), (int) info.bits(16, 16), info.bits(108, 36)) : null;
	}

	/**
	 * Cuts pieces of a FLAC file into their own FLAC files without decoding, in Java
	 * ({@link FlacChunks}): each piece must start and end on a block
	 * ({@link Flac#blockMs()}) or at the end, and is then exact to the sample. Each copy
	 * is a FLAC file of its own: its STREAMINFO gives its own length (no MD5) and its
	 * frames are numbered from 0.
	 */
	void copy(Path input, List<Piece> pieces) {
		Flac flac = flac(input);
		if (flac == null || flac.blockMs() == 0) {
			throw new MediaException("not a FLAC file with fixed blocks: " + input.getFileName(), null);
		}
		long frames = (flac.samples() + flac.maxBlock() - 1) / flac.maxBlock();
		List<FlacChunks.Chunk> chunks = new ArrayList<>();
		for (Piece piece : pieces) {
			boolean onBlocks = piece.startMs() % flac.blockMs() == 0
					&& (piece.endMs() % flac.blockMs() == 0 || piece.endMs() >= flac.durationMs());
			if (!onBlocks || piece.endMs() <= piece.startMs()) {
				throw new IllegalArgumentException("a piece off the blocks of " + flac.blockMs() + " ms: " + piece);
			}
			long end = (piece.endMs() >= flac.durationMs()) ? frames : piece.endMs() / flac.blockMs();
			chunks.add(new FlacChunks.Chunk(piece.startMs() / flac.blockMs(), end, piece.output()));
		}
		try {
			FlacChunks.cut(input, flac.samples(), flac.maxBlock(), chunks);
		}
		catch (IOException ex) {
			throw new MediaException("could not cut the chunks of " + input.getFileName() + ": " + ex.getMessage(), ex);
		}
	}

	/** Big-endian bit fields of a byte array. */
	private record Bits(byte[] bytes, int offset) {

		long bits(int from, int count) {
			long value = 0;
			for (int bit = from; bit < from + count; bit++) {
				int b = this.bytes[this.offset + bit / 8] & 0xFF;
				value = (value << 1) | ((b >>> (7 - bit % 8)) & 1);
			}
			return value;
		}

	}

	/**
	 * ffprobe's own complaint about a file (jaffree's exception only says the exit
	 * status), read from a file so that a hung ffprobe cannot block us.
	 */
	private static String probeError(Path file) {
		Path output = null;
		Process process = null;
		try {
			output = Files.createTempFile("flo-ffprobe", ".txt");
			List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
			command.addAll(INPUT_LIMITS);
			command.addAll(List.of("-i", file.toString()));
			process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
			if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				return "ffprobe did not finish within " + PROBE_TIMEOUT.toSeconds() + " s";
			}
			String text;
			try (var in = Files.newInputStream(output)) {
				text = new String(in.readNBytes(4000), StandardCharsets.UTF_8);
			}
			// ffprobe names the file it read and its own internals: neither says anything
			// to the client.
			String lines = text.lines()
				.map((l) -> l.replace(file.toString() + ": ", "").replace(file.toString(), "the file").strip())
				.map((l) -> l.replaceAll("^\\[[A-Za-z0-9_,]+ @ 0x[0-9a-f]+\\] ", ""))
				.filter((l) -> !l.isBlank())
				.distinct()
				.limit(3)
				.collect(java.util.stream.Collectors.joining("; "));
			return lines.isEmpty() ? "no details" : lines;
		}
		catch (IOException ex) {
			return "ffprobe could not be run: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		finally {
			if (process != null && process.isAlive()) {
				process.destroyForcibly();
			}
			if (output != null) {
				try {
					Files.deleteIfExists(output);
				}
				catch (IOException ex) {
					// a temporary file: the system cleans it
				}
			}
		}
	}

	/** An input read only as a local file, by the demuxers of {@link #FORMATS}. */
	private static UrlInput input(Path file) {
		return UrlInput.fromPath(file)
			.addArguments(INPUT_LIMITS.get(0), INPUT_LIMITS.get(1))
			.addArguments(INPUT_LIMITS.get(2), INPUT_LIMITS.get(3));
	}

	private void run(Path input, FFmpeg ffmpeg) {
		within(input, this.timeout, ffmpeg::execute);
	}

	/**
	 * Runs {@code work} (an ffmpeg or ffprobe run reading {@code input}) for at most
	 * {@code limit}; then kills the process and fails. jaffree cannot kill its process
	 * (it only asks ffmpeg to quit through its standard input), so we kill our own child
	 * processes whose command line names the input.
	 */
	<T> T within(Path input, Duration limit, Callable<T> work) {
		Future<T> future = this.runs.submit(work);
		try {
			return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			killRunsOn(input);
			future.cancel(true);
			throw new MediaException("ffmpeg did not finish within " + limit.toSeconds()
					+ " s (FLO_ANALYSIS_MEDIA_TIMEOUT) and was stopped", ex);
		}
		catch (InterruptedException ex) {
			killRunsOn(input);
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new MediaException("interrupted while ffmpeg was running", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new MediaException(String.valueOf(ex.getCause()), ex.getCause());
		}
	}

	/**
	 * Kills our ffmpeg and ffprobe processes reading {@code input}, and waits until they
	 * are gone.
	 */
	private static void killRunsOn(Path input) {
		String path = input.toString();
		List<ProcessHandle> runs = ProcessHandle.current().descendants().filter((p) -> {
			String command = p.info().commandLine().orElse("");
			return (command.contains("ffmpeg") || command.contains("ffprobe")) && command.contains(path);
		}).toList();
		runs.forEach(ProcessHandle::destroyForcibly);
		for (ProcessHandle run : runs) {
			try {
				run.onExit().get(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (ExecutionException | TimeoutException ex) {
				// Killed with SIGKILL: it goes; the log of the caller says the run
				// failed.
			}
		}
	}

	private static String firstLine(RuntimeException ex, List<String> errors) {
		if (!errors.isEmpty()) {
			return String.join("; ", errors);
		}
		String message = String.valueOf(ex.getMessage());
		return message.lines().findFirst().orElse(message);
	}

	/** ffmpeg failed on a file. */
	static class MediaException extends RuntimeException {

		MediaException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
