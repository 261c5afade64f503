package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.hiring.JobRecords;
import ai.flo.interviewer.interview.SessionEnded;
import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.speech.SpeechToText;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Turns an upload (a recording or a transcript) or an ended session into a queued
 * analysis. An upload is moved (not copied) from the multipart folder to
 * {@code uploads/<id>/} under a generated name, checked with ffprobe and a full decode,
 * and removed again when it is unusable.
 */
@Service
class AnalysisIntake {

	private static final Logger log = LoggerFactory.getLogger(AnalysisIntake.class);

	private static final Set<String> TRANSCRIPT_EXTENSIONS = Set.of("txt", "text", "md", "pdf");

	private static final Set<String> MEDIA_EXTENSIONS = Set.of("mp3", "wav", "m4a", "aac", "ogg", "oga", "opus", "flac",
			"webm", "mp4", "mov", "mkv", "m4v", "avi", "wma", "amr", "3gp", "mpeg", "mpg", "mpga");

	private static final int MAX_SKILLS = 20;

	/** How long an upload waits for its turn to be checked before it is refused. */
	private static final Duration CHECK_QUEUE_WAIT = Duration.ofSeconds(10);

	private final AnalysisStore store;

	private final MediaTools media;

	private final AnalysisLifecycle lifecycle;

	private final DataFolders folders;

	private final JobRecords records;

	private final SessionRecords sessions;

	private final SpeechToText speech;

	private final LlmGateway llm;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final long maxUploadBytes;

	private final long maxTranscriptBytes;

	/**
	 * Probing and fully decoding an upload takes seconds of a core: only so many at a
	 * time.
	 */
	private final Semaphore checks;

	AnalysisIntake(AnalysisStore store, MediaTools media, AnalysisLifecycle lifecycle, DataFolders folders,
			JobRecords records, SessionRecords sessions, SpeechToText speech, LlmGateway llm, TransactionTemplate tx,
			Clock clock, AnalysisProperties properties) {
		this.maxUploadBytes = properties.maxUploadSize().toBytes();
		this.maxTranscriptBytes = properties.maxTranscriptSize().toBytes();
		this.checks = new Semaphore(properties.uploadChecks());
		this.store = store;
		this.media = media;
		this.lifecycle = lifecycle;
		this.folders = folders;
		this.records = records;
		this.sessions = sessions;
		this.speech = speech;
		this.llm = llm;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * Fails with a "not configured" problem when the analysis LLM has no key: before
	 * accepting work that will need it.
	 */
	void ensureConfigured() {
		this.llm.ensureConfigured(LlmTask.ANALYSIS);
	}

	/** What the client said about an upload. */
	record Options(List<String> skills, String jobRole, String recordId, String sessionId) {
	}

	AnalysisStore.Analysis submit(MultipartFile file, Options options) {
		if (file == null || file.isEmpty()) {
			throw AnalysisProblem
				.invalid("The file is empty (0 bytes): upload a recording (mp3, wav, m4a, mp4, webm, ...) "
						+ "or a transcript (txt, pdf) as the multipart field 'file'.");
		}
		if (file.getSize() > this.maxUploadBytes) {
			// The servlet container enforces the limit while streaming; this holds for
			// any other caller.
			throw new AnalysisProblem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
					"The upload is larger than the limit of " + (this.maxUploadBytes / (1024 * 1024))
							+ " MB (FLO_UPLOAD_MAX_SIZE). Send a smaller file, e.g. the audio track only, compressed (mp3, opus).");
		}
		Options checked = check(options);
		this.llm.ensureConfigured(LlmTask.ANALYSIS);
		String id = UUID.randomUUID().toString();
		String original = sanitize(file.getOriginalFilename());
		String extension = extension(original);
		Path folder = this.folders.uploads().resolve(id);
		Path stored = folder.resolve("source" + (extension.isEmpty() ? "" : "." + extension));
		try {
			Files.createDirectories(folder);
			file.transferTo(stored);
		}
		catch (IOException ex) {
			delete(folder);
			throw new UncheckedIOException("could not store the upload", ex);
		}
		try {
			return accept(id, original, extension, stored, checked);
		}
		catch (RuntimeException ex) {
			delete(folder);
			throw ex;
		}
	}

	private AnalysisStore.Analysis accept(String id, String original, String extension, Path stored, Options options) {
		boolean admitted;
		try {
			admitted = this.checks.tryAcquire(CHECK_QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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
			return check(id, original, extension, stored, options);
		}
		finally {
			this.checks.release();
		}
	}

	private AnalysisStore.Analysis check(String id, String original, String extension, Path stored, Options options) {
		long size;
		try {
			size = Files.size(stored);
			if (TranscriptText.isPdf(stored)) {
				if (size > this.maxTranscriptBytes) {
					throw transcriptTooLarge(original, size);
				}
				return acceptTranscript(id, original, stored, size, "pdf", TranscriptText.pdfText(stored), options);
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
				return acceptTranscript(id, original, stored, size, "text", text, options);
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
		try {
			decoded = this.media.decode(stored);
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
		long now = this.clock.millis();
		AnalysisStore.Analysis analysis = new AnalysisStore.Analysis(id, AnalysisStore.Status.QUEUED, "queued", 0, null,
				AnalysisStore.Kind.RECORDING, original, stored.toString(), size, probe.describe(), decoded.decodedMs(),
				options.skills(), options.jobRole(), options.recordId(), options.sessionId(), 1, now, now);
		this.lifecycle.queued(analysis, AnalysisStage.PREPARE);
		log.info("Analysis {} queued: recording {} ({} bytes, {}, {} ms)", id, original, size, probe.describe(),
				decoded.decodedMs());
		return analysis;
	}

	private AnalysisStore.Analysis acceptTranscript(String id, String original, Path stored, long size, String format,
			String text, Options options) {
		TranscriptText.Parsed parsed = TranscriptText.parse(text);
		if (parsed.segments().isEmpty()) {
			throw AnalysisProblem.unusableFile("analysis-empty-transcript", "Empty transcript",
					"'" + original + "' contains no text"
							+ (format.equals("pdf") ? " that PDFBox can extract (a scanned PDF?)" : "")
							+ ". Upload a transcript with the interview's words.");
		}
		long now = this.clock.millis();
		Long duration = parsed.timed() ? parsed.segments().get(parsed.segments().size() - 1).startMs() : null;
		AnalysisStore.Analysis analysis = new AnalysisStore.Analysis(id, AnalysisStore.Status.QUEUED, "queued", 0, null,
				AnalysisStore.Kind.TRANSCRIPT, original, stored.toString(), size, format, duration, options.skills(),
				options.jobRole(), options.recordId(), options.sessionId(), 1, now, now);
		this.tx.executeWithoutResult((status) -> {
			this.lifecycle.queued(analysis, AnalysisStage.ASSESS);
			this.store.saveTranscript(id,
					new AnalysisStore.StoredTranscript(parsed.segments(), parsed.timed(), parsed.speakersKnown()));
		});
		log.info("Analysis {} queued: transcript {} ({} segments)", id, original, parsed.segments().size());
		return analysis;
	}

	/**
	 * An ended session becomes an analysis of its own transcript (written by the server
	 * during the interview) or, without one, of its recording. Practice sessions are not
	 * analysed. Runs in the transaction that ended the session.
	 */
	@EventListener
	void sessionEnded(SessionEnded event) {
		if (event.practice() || this.store.findBySession(event.sessionId()).isPresent()) {
			return;
		}
		SessionRecords.SessionInfo session = this.sessions.find(event.sessionId()).orElse(null);
		if (session == null) {
			return;
		}
		String id = UUID.randomUUID().toString();
		long now = this.clock.millis();
		List<String> skills = this.records.skillNames(session.recordId());
		this.lifecycle.queued(new AnalysisStore.Analysis(id, AnalysisStore.Status.QUEUED, "queued", 0, null,
				AnalysisStore.Kind.SESSION, null, null, null, null, null,
				skills.subList(0, Math.min(MAX_SKILLS, skills.size())), session.role(), session.recordId(),
				session.id(), 1, now, now), AnalysisStage.PREPARE);
		log.info("Analysis {} queued for ended session {}", id, event.sessionId());
	}

	private Options check(Options options) {
		List<String> skills = new ArrayList<>();
		if (options.skills() != null) {
			Set<String> seen = new LinkedHashSet<>();
			for (String skill : options.skills()) {
				for (String part : skill.split(",")) {
					String name = part.strip();
					if (!name.isEmpty() && seen.add(name.toLowerCase(Locale.ROOT))) {
						if (name.length() > 100) {
							throw AnalysisProblem.invalid(
									"A skill name is longer than 100 characters: '" + name.substring(0, 40) + "...'.");
						}
						skills.add(name);
					}
				}
			}
		}
		if (skills.size() > MAX_SKILLS) {
			throw AnalysisProblem.invalid("Give at most " + MAX_SKILLS + " skills (got " + skills.size() + ").");
		}
		String role = (options.jobRole() == null || options.jobRole().isBlank()) ? null : options.jobRole().strip();
		if (role != null && role.length() > 200) {
			throw AnalysisProblem.invalid("jobRole is longer than 200 characters.");
		}
		String recordId = blankToNull(options.recordId());
		if (recordId != null) {
			var record = this.records.find(recordId)
				.orElseThrow(() -> new AnalysisProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
						"There is no job record with id " + recordId + " (recordId)."));
			if (skills.isEmpty()) {
				List<String> recordSkills = this.records.skillNames(recordId);
				skills.addAll(recordSkills.subList(0, Math.min(MAX_SKILLS, recordSkills.size())));
			}
			if (role == null) {
				role = record.title();
			}
		}
		String sessionId = blankToNull(options.sessionId());
		if (sessionId != null) {
			if (this.sessions.find(sessionId).isEmpty()) {
				throw new AnalysisProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
						"There is no interview session with id " + sessionId + " (sessionId).");
			}
			if (this.store.findBySession(sessionId).isPresent()) {
				throw new AnalysisProblem(HttpStatus.CONFLICT, "analysis-exists", "Session already analysed", "Session "
						+ sessionId + " already has an analysis: re-run it (POST /api/analyses/{id}/rerun) instead.");
			}
		}
		return new Options(skills, role, recordId, sessionId);
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

	/**
	 * Keeps letters, digits, dot, dash and underscore; at most 120 characters; never a
	 * path.
	 */
	static String sanitize(String name) {
		String base = (name == null) ? "" : name.replace('\\', '/');
		base = base.substring(base.lastIndexOf('/') + 1);
		String clean = base.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
		if (clean.length() > 120) {
			String ext = extension(clean);
			clean = clean.substring(0, 120 - ext.length() - 1) + "." + ext;
		}
		return clean.isEmpty() ? "upload" : clean;
	}

	static String extension(String name) {
		int dot = name.lastIndexOf('.');
		String ext = (dot < 0) ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
		return ext.matches("[a-z0-9]{1,8}") ? ext : "";
	}

	private String readText(Path file) {
		try {
			return TranscriptText.utf8Text(file, this.maxTranscriptBytes);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String seconds(long ms) {
		return String.format(Locale.ROOT, "%.1f s", ms / 1000d);
	}

	static void delete(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (var paths = Files.walk(folder)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException ex) {
					log.warn("Could not delete {}: {}", p, ex.getMessage());
				}
			});
		}
		catch (IOException ex) {
			log.warn("Could not delete {}: {}", folder, ex.getMessage());
		}
	}

}
