package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.hiring.JobRecords;
import ai.flo.interviewer.interview.SessionEnded;
import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.shared.DataFolders;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Turns an upload (a recording or a transcript) or an ended session into a queued
 * analysis. An upload is moved (not copied) from the multipart folder to
 * {@code uploads/<id>/} under a generated name, checked ({@link UploadCheck}), and
 * removed again when it is unusable.
 */
@Service
class AnalysisIntake {

	private static final Logger log = LoggerFactory.getLogger(AnalysisIntake.class);

	private static final int MAX_SKILLS = 20;

	private final AnalysisStore store;

	private final UploadCheck check;

	private final AnalysisLifecycle lifecycle;

	private final DataFolders folders;

	private final JobRecords records;

	private final SessionRecords sessions;

	private final LlmGateway llm;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final long maxUploadBytes;

	AnalysisIntake(AnalysisStore store, UploadCheck check, AnalysisLifecycle lifecycle, DataFolders folders,
			JobRecords records, SessionRecords sessions, LlmGateway llm, TransactionTemplate tx, Clock clock,
			AnalysisProperties properties) {
		this.maxUploadBytes = properties.maxUploadSize().toBytes();
		this.store = store;
		this.check = check;
		this.lifecycle = lifecycle;
		this.folders = folders;
		this.records = records;
		this.sessions = sessions;
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
			UploadCheck.Inspected inspected = this.check.inspect(original, extension, stored);
			if (inspected instanceof UploadCheck.Inspected.Transcript transcript) {
				return acceptTranscript(id, original, stored, transcript.size(), transcript.format(), transcript.text(),
						checked);
			}
			return acceptRecording(id, original, stored, (UploadCheck.Inspected.Recording) inspected, checked);
		}
		catch (RuntimeException ex) {
			delete(folder);
			throw ex;
		}
	}

	private AnalysisStore.Analysis acceptRecording(String id, String original, Path stored,
			UploadCheck.Inspected.Recording recording, Options options) {
		long now = this.clock.millis();
		MediaTools.Probe probe = recording.probe();
		long decodedMs = recording.decoded().decodedMs();
		AnalysisStore.Analysis analysis = new AnalysisStore.Analysis(id, AnalysisStore.Status.QUEUED, "queued", 0, null,
				AnalysisStore.Kind.RECORDING, original, stored.toString(), recording.size(), probe.describe(),
				decodedMs, options.skills(), options.jobRole(), options.recordId(), options.sessionId(), 1, now, now);
		this.lifecycle.queued(analysis, AnalysisStage.PREPARE);
		log.info("Analysis {} queued: recording {} ({} bytes, {}, {} ms)", id, original, recording.size(),
				probe.describe(), decodedMs);
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

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
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
