package ai.flo.interviewer.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

import org.springframework.stereotype.Component;

/**
 * What we ask of ffprobe and ffmpeg (through jaffree): probing, a full decode to prove a
 * file is whole, normalisation with silence detection, and cutting chunks.
 */
@Component
class MediaTools {

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
	 */
	record Probe(String format, String audioCodec, int streams, Long durationMs, Integer sampleRate, Integer channels) {

		boolean hasAudio() {
			return this.audioCodec != null;
		}

		String describe() {
			return this.format + ((this.audioCodec != null) ? " / " + this.audioCodec : "");
		}

	}

	/**
	 * @param decodedMs how much audio decoded
	 * @param maxVolumeDb the loudest sample, {@code -inf} as -200
	 * @param errors errors ffmpeg logged while decoding (it may still finish)
	 */
	record Decoded(long decodedMs, double maxVolumeDb, List<String> errors) {
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
			result = FFprobe.atPath().setInput(file).setShowStreams(true).setShowFormat(true).execute();
		}
		catch (RuntimeException ex) {
			why.add(probeError(file));
			return null;
		}
		if (result.getFormat() == null) {
			return null;
		}
		Stream audio = (result.getStreams() == null) ? null
				: result.getStreams()
					.stream()
					.filter((s) -> s.getCodecType() == StreamType.AUDIO)
					.findFirst()
					.orElse(null);
		Float duration = result.getFormat().getDuration();
		if ((duration == null || duration <= 0) && audio != null) {
			duration = audio.getDuration();
		}
		Long durationMs = (duration != null && duration > 0 && Float.isFinite(duration)) ? Math.round(duration * 1000d)
				: null;
		return new Probe(result.getFormat().getFormatName(), (audio != null) ? audio.getCodecName() : null,
				(result.getStreams() != null) ? result.getStreams().size() : 0, durationMs,
				(audio != null) ? audio.getSampleRate() : null, (audio != null) ? audio.getChannels() : null);
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
			FFmpeg.atPath()
				.addInput(UrlInput.fromPath(file))
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
				})
				.execute();
		}
		catch (RuntimeException ex) {
			throw new MediaException("ffmpeg could not decode the audio: " + firstLine(ex, errors), ex);
		}
		return new Decoded(decoded.get(), (maxVolume.get() != null) ? maxVolume.get() : -200d, List.copyOf(errors));
	}

	/**
	 * Decodes to 16 kHz mono, normalises loudness, detects silences and encodes FLAC, in
	 * one pass.
	 * @param progress receives the milliseconds processed so far
	 * @return the silences found, in order
	 */
	List<Silence> normalize(Path input, Path output, double silenceDb, long silenceMinMs, LongConsumer progress) {
		List<Silence> silences = new ArrayList<>();
		AtomicReference<Double> openStart = new AtomicReference<>();
		List<String> errors = new ArrayList<>();
		try {
			FFmpeg.atPath()
				.addInput(UrlInput.fromPath(input))
				.addArguments("-map", "0:a:0")
				.setFilter(StreamType.AUDIO,
						String.format(Locale.ROOT, "aresample=%d,%s,silencedetect=n=%.1fdB:d=%.3f", SAMPLE_RATE,
								NORMALIZE, silenceDb, silenceMinMs / 1000d))
				.addOutput(UrlOutput.toPath(output)
					.addArguments("-ac", "1")
					.addArguments("-ar", String.valueOf(SAMPLE_RATE))
					.addArguments("-c:a", "flac")
					.addArguments("-compression_level", "5"))
				.setOverwriteOutput(true)
				.setProgressListener((p) -> {
					if (p.getTimeMillis() != null) {
						progress.accept(p.getTimeMillis());
					}
				})
				.setOutputListener((line) -> {
					Matcher start = SILENCE_START.matcher(line);
					Matcher end = SILENCE_END.matcher(line);
					if (start.find()) {
						openStart.set(Math.max(0, Double.parseDouble(start.group(1))));
					}
					else if (end.find() && openStart.get() != null) {
						silences.add(new Silence(Math.round(openStart.get() * 1000),
								Math.round(Double.parseDouble(end.group(1)) * 1000)));
						openStart.set(null);
					}
					else if (line.toLowerCase(Locale.ROOT).contains("error") && errors.size() < 5) {
						errors.add(line.strip());
					}
				})
				.execute();
		}
		catch (RuntimeException ex) {
			throw new MediaException("ffmpeg could not normalise the audio: " + firstLine(ex, errors), ex);
		}
		return silences;
	}

	/** A piece to cut: {@code [startMs, endMs)} of the input into {@code output}. */
	record Piece(long startMs, long endMs, Path output) {
	}

	/**
	 * Cuts pieces of a FLAC file into their own FLAC files in one ffmpeg run: the input
	 * is decoded once and each output takes its stretch (output-side seeking, exact to
	 * the sample).
	 */
	void cut(Path input, List<Piece> pieces) {
		FFmpeg ffmpeg = FFmpeg.atPath().addInput(UrlInput.fromPath(input)).setOverwriteOutput(true);
		for (Piece piece : pieces) {
			ffmpeg.addOutput(UrlOutput.toPath(piece.output())
				.setPosition(piece.startMs())
				.setDuration(piece.endMs() - piece.startMs())
				.addArguments("-c:a", "flac"));
		}
		try {
			ffmpeg.execute();
		}
		catch (RuntimeException ex) {
			throw new MediaException("ffmpeg could not cut the chunks: " + ex.getMessage(), ex);
		}
	}

	/**
	 * ffprobe's own complaint about a file (jaffree's exception only says the exit
	 * status).
	 */
	private static String probeError(Path file) {
		try {
			Process process = new ProcessBuilder("ffprobe", "-v", "error", "-i", file.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readNBytes(4000),
					java.nio.charset.StandardCharsets.UTF_8);
			process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
			// ffprobe names the file it read: our generated path says nothing to the
			// client.
			String lines = output.lines()
				.map((l) -> l.replace(file.toString() + ": ", "").replace(file.toString(), "the file").strip())
				.filter((l) -> !l.isBlank())
				.distinct()
				.limit(3)
				.collect(java.util.stream.Collectors.joining("; "));
			return lines.isEmpty() ? "no details" : lines;
		}
		catch (java.io.IOException ex) {
			return "ffprobe could not be run: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
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
