package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import ai.flo.interviewer.speech.SpeechToText;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What an uploaded file is, found from its content (the name only helps word the
 * problem): a PDF or UTF-8 text transcript, or media with an audio track that decodes
 * whole, is not cut short and is not silent. Anything else is refused with a problem that
 * says what is wrong: a playlist or concat list, media named so but unreadable, video
 * without sound, a truncated or silent recording. A recording's one full decode happens
 * here: it also writes the normalised FLAC and the silence map that the prepare stage
 * cuts chunks from ({@link Preparation}). Probing and decoding take seconds of a core:
 * only {@code FLO_ANALYSIS_UPLOAD_CHECKS} run at once; the next wait briefly and are then
 * told to come back.
 */
@Component
class UploadCheck {

	static final Set<String> TRANSCRIPT_EXTENSIONS = Set.of("txt", "text", "md", "pdf");

	static final Set<String> MEDIA_EXTENSIONS = Set.of("mp3", "wav", "m4a", "aac", "ogg", "oga", "opus", "flac", "webm",
			"mp4", "mov", "mkv", "m4v", "avi", "wma", "amr", "3gp", "mpeg", "mpg", "mpga");

	/** How long an upload waits for its turn to be checked before it is refused. */
	private static final Duration QUEUE_WAIT = Duration.ofSeconds(10);

	private final MediaTools media;

	private final SpeechToText speech;

	private final long maxTranscriptBytes;

	private final Semaphore checks;

	private final AnalysisProperties properties;

	UploadCheck(MediaTools media, SpeechToText speech, AnalysisProperties properties) {
		this.media = media;
		this.properties = properties;
		this.speech = speech;
		this.maxTranscriptBytes = properties.maxTranscriptSize().toBytes();
		this.checks = new Semaphore(properties.uploadChecks());
	}

	/** What an upload turned out to be. */
	sealed interface Inspected {

		long size();

		/** A transcript's text, read from a PDF or a text file. */
		record Transcript(long size, String format, String text) implements Inspected {
		}

		/** A recording whose audio decodes whole. */
		record Recording(long size, MediaTools.Probe probe, MediaTools.Decoded decoded) implements Inspected {
		}

	}

	/**
	 * @param original the client's (sanitised) file name, for messages
	 * @param extension its extension, lower case, or empty
	 * @throws AnalysisProblem saying what is wrong with the file
	 */
	Inspected inspect(String original, String extension, Path stored) {
		boolean admitted;
		try {
			admitted = this.checks.tryAcquire(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AnalysisProblem(HttpStatus.SERVICE_UNAVAILABLE, "analysis-busy", "Busy", "Interrupted.");
		}
		if (!admitted) {
			throw new AnalysisProblem(HttpStatus.SERVICE_UNAVAILABLE, "analysis-busy", "Too many uploads being checked",
					"Other uploads are being checked right now (FLO_ANALYSIS_UPLOAD_CHECKS at a time): send it again in a minute.")
				.retryAfter(Duration.ofSeconds(30));
		}
		try {
			return inspectNow(original, extension, stored);
		}
		finally {
			this.checks.release();
		}
	}

	private Inspected inspectNow(String original, String extension, Path stored) {
		long size;
		try {
			size = Files.size(stored);
			if (TranscriptText.isPdf(stored)) {
				if (size > this.maxTranscriptBytes) {
					throw transcriptTooLarge(original, size);
				}
				return new Inspected.Transcript(size, "pdf", TranscriptText.pdfText(stored));
			}
		}
		catch (IOException ex) {
			throw AnalysisProblem.unusableFile("analysis-unreadable-pdf", "Unreadable PDF",
					"The file starts like a PDF but PDFBox cannot read it (" + ex.getMessage()
							+ "). Upload an intact PDF or a .txt.");
		}
		List<String> why = new ArrayList<>();
		MediaTools.Probe probe = this.media.probe(stored, why);
		if (probe == null || (!probe.hasAudio() && probe.streams() == 0)) {
			String text = readText(stored);
			String playlist = (text != null) ? TranscriptText.playlist(text) : null;
			if (playlist != null) {
				throw new AnalysisProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "analysis-playlist",
						"A playlist is not a recording", "'" + original + "' is " + playlist
								+ ": a list naming other files or URLs, not a recording or a transcript. Upload the recording itself.");
			}
			if (text == null && size > this.maxTranscriptBytes && TRANSCRIPT_EXTENSIONS.contains(extension)) {
				throw transcriptTooLarge(original, size);
			}
			if (text != null && (TRANSCRIPT_EXTENSIONS.contains(extension) || extension.isEmpty())) {
				return new Inspected.Transcript(size, "text", text);
			}
			if (text == null && MEDIA_EXTENSIONS.contains(extension)) {
				throw AnalysisProblem.unusableFile("analysis-unreadable-media", "Unreadable media", "'" + original
						+ "' is named like ." + extension + " media but ffprobe cannot read it"
						+ (why.isEmpty() ? "" : " (" + why.get(0) + ")")
						+ ": the file is damaged or cut short (an interrupted upload or copy?). Upload the whole file.");
			}
			throw new AnalysisProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "analysis-unsupported-file",
					"Not a recording or a transcript",
					"'" + original + "' is neither media that ffprobe can read nor a text or PDF transcript"
							+ (extension.isEmpty() ? ""
									: " (its name ends in ." + extension + ", but its content is not that)")
							+ ". Upload audio or video (mp3, wav, m4a, aac, ogg, opus, flac, webm, mp4, mov, mkv) or a transcript (txt, pdf).");
		}
		if (!probe.hasAudio()) {
			throw AnalysisProblem.unusableFile("analysis-no-audio", "No audio stream", "'" + original + "' is "
					+ probe.describe() + " with " + probe.streams()
					+ " stream(s) but no audio stream: there is nothing to transcribe. Upload a file with the interview's sound.");
		}
		this.speech.ensureConfigured();
		MediaTools.Decoded decoded;
		Path work = Preparation.work(stored.getParent());
		try {
			// The one decode of the recording: it proves the file whole and audible, and
			// writes what the prepare stage cuts chunks from (kept only when accepted).
			Files.createDirectories(work);
			decoded = this.media.normalize(stored, Preparation.normalized(work), this.properties.silenceThresholdDb(),
					this.properties.silenceMinDuration().toMillis(), (ms) -> {
					});
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("could not store the upload's work files", ex);
		}
		catch (MediaTools.MediaException ex) {
			throw AnalysisProblem.unusableFile("analysis-corrupt-media", "Corrupt media",
					"'" + original + "' (" + probe.describe() + ") cannot be decoded: " + ex.getMessage());
		}
		if (decoded.decodedMs() <= 0) {
			throw AnalysisProblem.unusableFile("analysis-no-duration", "No duration",
					"'" + original + "' (" + probe.describe() + ") decodes to no audio at all (duration "
							+ ((probe.durationMs() != null) ? probe.durationMs() + " ms stated" : "unreadable")
							+ "). Upload a recording that plays.");
		}
		String truncation = truncation(probe, decoded, stored);
		if (truncation != null) {
			throw AnalysisProblem.unusableFile("analysis-truncated-media", "Truncated media", "'" + original
					+ "' is truncated: " + truncation + " (an interrupted upload or copy?). Upload the whole file.");
		}
		if (decoded.maxVolumeDb() < -60) {
			throw AnalysisProblem.unusableFile("analysis-silent-media", "Silent recording",
					"'" + original + "' is silent (its loudest moment is "
							+ ((decoded.maxVolumeDb() <= -199) ? "digital silence" : decoded.maxVolumeDb() + " dB")
							+ "): check that the right microphone or track was recorded.");
		}
		Preparation.saveSilences(work, decoded.silences());
		return new Inspected.Recording(size, probe, decoded);
	}

	private AnalysisProblem transcriptTooLarge(String original, long size) {
		return new AnalysisProblem(HttpStatus.CONTENT_TOO_LARGE, "transcript-too-large", "Transcript too large",
				"'" + original + "' (" + size + " bytes) is larger than a transcript may be ("
						+ (this.maxTranscriptBytes / (1024 * 1024))
						+ " MB, FLO_ANALYSIS_MAX_TRANSCRIPT_SIZE). Upload the transcript's text only.");
	}

	/**
	 * Why the file looks cut short, or {@code null}: the stated duration is longer than
	 * what decodes (not for ADTS AAC, whose duration ffprobe only estimates), or a WAV
	 * header promises more data than the file holds.
	 */
	private static String truncation(MediaTools.Probe probe, MediaTools.Decoded decoded, Path file) {
		// The audio track's own duration: a video track may rightly last longer.
		if (probe.audioDurationMs() != null && !"aac".equals(probe.format())) {
			long stated = probe.audioDurationMs();
			long slack = decoded.errors().isEmpty() ? Math.max(1500, stated / 20) : 500;
			if (decoded.decodedMs() < stated - slack) {
				return "its audio track says it lasts " + seconds(stated) + " but only " + seconds(decoded.decodedMs())
						+ " of audio decodes"
						+ (decoded.errors().isEmpty() ? "" : " (ffmpeg: " + decoded.errors().get(0) + ")");
			}
		}
		if (probe.format() != null && probe.format().startsWith("wav")) {
			long[] data = wavData(file);
			if (data != null && data[0] > data[1] + 4) {
				return "its WAV header announces " + data[0] + " bytes of audio but only " + data[1] + " are there";
			}
		}
		return null;
	}

	/**
	 * The WAV data chunk's declared size and the bytes actually after its header;
	 * {@code null} when not plain RIFF.
	 */
	static long[] wavData(Path file) {
		try (var channel = java.nio.channels.FileChannel.open(file)) {
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			channel.read(buffer, 0);
			buffer.flip();
			if (buffer.remaining() < 12 || buffer.getInt(0) != 0x46464952 || buffer.getInt(8) != 0x45564157) {
				return null;
			}
			long position = 12;
			java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
			while (position + 8 <= channel.size()) {
				header.clear();
				channel.read(header, position);
				long size = Integer.toUnsignedLong(header.getInt(4));
				if (header.getInt(0) == 0x61746164) {
					if (size == 0 || size == 0xFFFFFFFFL) {
						return null;
					}
					return new long[] { size, channel.size() - position - 8 };
				}
				position += 8 + size + (size & 1);
			}
			return null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private String readText(Path file) {
		try {
			return TranscriptText.utf8Text(file, this.maxTranscriptBytes);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String seconds(long ms) {
		return String.format(Locale.ROOT, "%.1f s", ms / 1000d);
	}

}
