package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.access.AdminAccess;
import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.shared.Problems;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Analyses: upload, status and progress (also as Server-Sent Events), re-runs,
 * transcripts, reports (JSON, HTML, PDF, shareable links) and comparison with a human
 * evaluation. Admin key required, except a report link's token and a candidate's own
 * feedback (when enabled).
 */
@RestController
@Profile("!worker")
class AnalysisController {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final AnalysisIntake intake;

	private final AnalysisStore store;

	private final ReportRenderer renderer;

	private final ReportFiles files;

	private final JobQueue jobs;

	private final LlmGateway llm;

	private final SessionRecords sessions;

	private final AnalysisProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final AdminAccess admin;

	private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "analysis-events");
		thread.setDaemon(true);
		return thread;
	});

	AnalysisController(AnalysisIntake intake, AnalysisStore store, ReportRenderer renderer, ReportFiles files,
			JobQueue jobs, LlmGateway llm, SessionRecords sessions, AnalysisProperties properties, JsonMapper json,
			Clock clock, AdminAccess admin) {
		this.admin = admin;
		this.intake = intake;
		this.store = store;
		this.renderer = renderer;
		this.files = files;
		this.jobs = jobs;
		this.llm = llm;
		this.sessions = sessions;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	/** An analysis as the API shows it. */
	record AnalysisView(String id, String status, String stage, int percent, String error, int run,
			List<Integer> completedRuns, AnalysisReport.Source source, List<String> skills, Instant createdAt,
			Instant updatedAt, Map<String, String> links, AnalysisReport report) {
	}

	@PostMapping(path = "/api/analyses", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<AnalysisView> upload(@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestParam(name = "skills", required = false) List<String> skills,
			@RequestParam(name = "jobRole", required = false) String jobRole,
			@RequestParam(name = "recordId", required = false) String recordId,
			@RequestParam(name = "sessionId", required = false) String sessionId) {
		if (file == null) {
			throw AnalysisProblem.invalid("Send the recording or transcript as the multipart field 'file'.");
		}
		AnalysisStore.Analysis analysis = this.intake.submit(file,
				new AnalysisIntake.Options(skills, jobRole, recordId, sessionId));
		AnalysisView view = view(analysis, false);
		return ResponseEntity.accepted().location(URI.create(view.links().get("self"))).body(view);
	}

	@GetMapping("/api/analyses")
	List<AnalysisView> list(@RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || limit > 200 || offset < 0) {
			throw AnalysisProblem.invalid("limit must be 1 to 200 and offset 0 or more.");
		}
		return this.store.list(limit, offset).stream().map((a) -> view(a, false)).toList();
	}

	@GetMapping("/api/analyses/{id}")
	AnalysisView get(@PathVariable String id) {
		return view(analysis(id), true);
	}

	/** The report of the latest completed run, or of {@code run}. */
	@GetMapping("/api/analyses/{id}/report")
	AnalysisReport report(@PathVariable String id, @RequestParam(required = false) Integer run) {
		return report(analysis(id), run);
	}

	@GetMapping(path = "/api/analyses/{id}/report.html", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> html(@PathVariable String id, @RequestParam(required = false) Integer run,
			@RequestParam(defaultValue = "false") boolean candidateFeedback) {
		return htmlResponse(report(analysis(id), run), candidateFeedback);
	}

	@GetMapping(path = "/api/analyses/{id}/report.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
	ResponseEntity<byte[]> pdf(@PathVariable String id, @RequestParam(required = false) Integer run,
			@RequestParam(defaultValue = "false") boolean candidateFeedback) {
		return pdfResponse(report(analysis(id), run), candidateFeedback);
	}

	/**
	 * A link to the HTML report that works without an admin key until it expires (for a
	 * browser or a colleague).
	 */
	@PostMapping("/api/analyses/{id}/report-links")
	ResponseEntity<Map<String, Object>> link(@PathVariable String id) {
		AnalysisStore.Analysis analysis = analysis(id);
		report(analysis, null);
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		long expires = this.clock.millis() + this.properties.reportLinkValidity().toMillis();
		this.store.saveLink(digest(token), id, expires);
		String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/reports/" + token).toUriString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("html", base);
		body.put("pdf", base + "/pdf");
		body.put("expiresAt", Instant.ofEpochMilli(expires));
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	@GetMapping(path = "/api/reports/{token}", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> sharedHtml(@PathVariable String token) {
		return htmlResponse(report(linked(token), null), false);
	}

	@GetMapping(path = "/api/reports/{token}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
	ResponseEntity<byte[]> sharedPdf(@PathVariable String token) {
		return pdfResponse(report(linked(token), null), false);
	}

	@GetMapping("/api/analyses/{id}/transcript")
	Map<String, Object> transcript(@PathVariable String id) {
		analysis(id);
		AnalysisStore.StoredTranscript transcript = this.store.transcript(id)
			.orElseThrow(() -> notYet(id, "has no transcript yet"));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("analysisId", id);
		body.put("timed", transcript.timed());
		body.put("speakersKnown", transcript.speakersKnown());
		body.put("segments", transcript.segments());
		return body;
	}

	@GetMapping(path = "/api/analyses/{id}/transcript.srt", produces = "application/x-subrip")
	ResponseEntity<String> srt(@PathVariable String id) {
		return subtitles(id, "srt");
	}

	@GetMapping(path = "/api/analyses/{id}/transcript.vtt", produces = "text/vtt")
	ResponseEntity<String> vtt(@PathVariable String id) {
		return subtitles(id, "vtt");
	}

	/**
	 * Starts a new run of the LLM analysis on the stored transcript; earlier runs'
	 * reports are kept.
	 */
	@PostMapping("/api/analyses/{id}/rerun")
	ResponseEntity<AnalysisView> rerun(@PathVariable String id) {
		AnalysisStore.Analysis analysis = analysis(id);
		if (!analysis.status().finished()) {
			throw new AnalysisProblem(HttpStatus.CONFLICT, "analysis-running", "Analysis still running",
					"Analysis " + id + " is " + analysis.status() + " (" + analysis.stage()
							+ "): re-run it once it has COMPLETED or FAILED.");
		}
		this.llm.ensureConfigured(LlmTask.ANALYSIS);
		int next = analysis.run() + 1;
		String stage = this.store.transcript(id).isPresent() ? AnalysisIntake.ASSESS
				: this.store.chunks(id).isEmpty() ? AnalysisIntake.PREPARE : AnalysisIntake.TRANSCRIBE;
		boolean started = this.store.nextRun(id, analysis.run(),
				() -> this.jobs.enqueue(stage, AnalysisIntake.payload(id, next)));
		if (!started) {
			throw new AnalysisProblem(HttpStatus.CONFLICT, "analysis-running", "Analysis changed",
					"Analysis " + id + " was re-run or changed meanwhile: read it again.");
		}
		return ResponseEntity.accepted().body(view(analysis(id), false));
	}

	/**
	 * Progress as Server-Sent Events: a {@code progress} event whenever status, stage or
	 * percent change, then {@code completed} or {@code failed}, and the stream ends.
	 */
	@GetMapping(path = "/api/analyses/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String id) {
		analysis(id);
		SseEmitter emitter = new SseEmitter(Duration.ofHours(2).toMillis());
		AtomicReference<String> last = new AtomicReference<>("");
		AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
		Runnable poll = () -> {
			try {
				AnalysisStore.Analysis a = this.store.find(id).orElse(null);
				if (a == null) {
					emitter.complete();
					task.get().cancel(false);
					return;
				}
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("id", a.id());
				data.put("status", a.status().name());
				data.put("stage", a.stage());
				data.put("percent", a.percent());
				data.put("run", a.run());
				if (a.error() != null) {
					data.put("error", a.error());
				}
				String text = this.json.writeValueAsString(data);
				if (!text.equals(last.get())) {
					last.set(text);
					emitter.send(SseEmitter.event().name("progress").data(text, MediaType.APPLICATION_JSON));
				}
				if (a.status().finished()) {
					emitter.send(SseEmitter.event()
						.name((a.status() == AnalysisStore.Status.COMPLETED) ? "completed" : "failed")
						.data(text, MediaType.APPLICATION_JSON));
					emitter.complete();
					task.get().cancel(false);
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away.
				ScheduledFuture<?> scheduled = task.get();
				if (scheduled != null) {
					scheduled.cancel(false);
				}
			}
		};
		task.set(this.events.scheduleWithFixedDelay(poll, 0, 500, TimeUnit.MILLISECONDS));
		Runnable stop = () -> task.get().cancel(false);
		emitter.onCompletion(stop);
		emitter.onTimeout(stop);
		emitter.onError((ex) -> stop.run());
		return emitter;
	}

	/**
	 * Compares a human interviewer's evaluation (PDF or text file, or text) with the
	 * latest AI report.
	 */
	@PostMapping(path = "/api/analyses/compare", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Map<String, Object> compare(@RequestParam(name = "analysisId", required = false) String analysisId,
			@RequestParam(name = "evaluation", required = false) MultipartFile evaluation,
			@RequestParam(name = "evaluationText", required = false) String evaluationText) {
		if (analysisId == null || analysisId.isBlank()) {
			throw AnalysisProblem.invalid("Give analysisId: the analysis to compare with.");
		}
		AnalysisStore.Analysis analysis = analysis(analysisId.strip());
		String human = evaluationText(evaluation, evaluationText);
		AnalysisReport report = report(analysis, null);
		this.llm.ensureConfigured(LlmTask.ANALYSIS);
		Map<String, Object> aiView = new LinkedHashMap<>();
		aiView.put("executiveSummary", report.executiveSummary());
		aiView.put("scorecard", report.scorecard());
		aiView.put("skills", report.skills());
		aiView.put("insights", report.insights());
		AnalysisPrompts.Comparison comparison = this.llm.structured(LlmTask.ANALYSIS,
				AnalysisPrompts.compare(this.json.writeValueAsString(aiView), human), AnalysisPrompts.Comparison.class);
		String id = UUID.randomUUID().toString();
		this.store.saveComparison(id, analysis.id(), report.run(), human, this.json.writeValueAsString(comparison));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("analysisId", analysis.id());
		body.put("run", report.run());
		body.put("comparison", comparison);
		return body;
	}

	/**
	 * The candidate's feedback from their session's analysis: the candidate (with their
	 * session token) only when FLO_CANDIDATE_FEEDBACK_VISIBLE is true; an admin always.
	 */
	@GetMapping("/api/sessions/{sessionId}/feedback")
	AnalysisReport.CandidateFeedback feedback(@PathVariable String sessionId,
			@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		if (!this.admin.isAdmin(authorization)) {
			if (!this.sessions.readableBy(sessionId, authorization)) {
				throw new AnalysisProblem(HttpStatus.UNAUTHORIZED, "session-token-invalid", "Not this session's token",
						"Send this session's token (from joining) as 'Authorization: Bearer <token>'.");
			}
			if (!this.properties.candidateFeedbackVisible()) {
				throw new AnalysisProblem(HttpStatus.FORBIDDEN, "feedback-not-shared", "Feedback not shared",
						"This company does not share interview feedback with candidates.");
			}
		}
		AnalysisStore.Analysis analysis = this.store.findBySession(sessionId)
			.orElseThrow(() -> new AnalysisProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
					"Session " + sessionId + " has no analysis (yet)."));
		return report(analysis, null).candidateFeedback();
	}

	@ExceptionHandler(AnalysisProblem.class)
	ResponseEntity<ProblemDetail> problem(AnalysisProblem ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
		if (ex.retryAfter() != null) {
			response.header(HttpHeaders.RETRY_AFTER, String.valueOf(ex.retryAfter().toSeconds()));
		}
		return response.body(Problems.of(ex.status(), ex.slug(), ex.title(), ex.getMessage()));
	}

	@PreDestroy
	void close() {
		this.events.shutdownNow();
	}

	private String evaluationText(MultipartFile evaluation, String evaluationText) {
		if (evaluation != null && !evaluation.isEmpty()) {
			try {
				java.nio.file.Path temporary = java.nio.file.Files.createTempFile("flo-evaluation", ".upload");
				try {
					evaluation.transferTo(temporary);
					if (java.nio.file.Files.size(temporary) > this.properties.maxTranscriptSize().toBytes()) {
						throw new AnalysisProblem(HttpStatus.CONTENT_TOO_LARGE, "evaluation-too-large",
								"Evaluation too large",
								"The evaluation is larger than " + this.properties.maxTranscriptSize().toMegabytes()
										+ " MB (FLO_ANALYSIS_MAX_TRANSCRIPT_SIZE): send its text only.");
					}
					String text = TranscriptText.isPdf(temporary) ? TranscriptText.pdfText(temporary)
							: TranscriptText.utf8Text(temporary, this.properties.maxTranscriptSize().toBytes());
					if (text != null && TranscriptText.playlist(text) != null) {
						throw new AnalysisProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "analysis-playlist",
								"A playlist is not an evaluation",
								"The evaluation is " + TranscriptText.playlist(text) + ": send a PDF or a text file.");
					}
					if (text == null || text.isBlank()) {
						throw AnalysisProblem.unusableFile("evaluation-unreadable", "Unreadable evaluation",
								"The evaluation must be a PDF with text or a UTF-8 text file.");
					}
					return text;
				}
				finally {
					java.nio.file.Files.deleteIfExists(temporary);
				}
			}
			catch (IOException ex) {
				throw AnalysisProblem.unusableFile("evaluation-unreadable", "Unreadable evaluation",
						"The evaluation could not be read (" + ex.getMessage() + "): send a PDF or a text file.");
			}
		}
		if (evaluationText != null && !evaluationText.isBlank()) {
			return evaluationText;
		}
		throw AnalysisProblem.invalid("Send the human evaluation as the multipart file 'evaluation' (pdf or txt) "
				+ "or as the field 'evaluationText'.");
	}

	private AnalysisStore.Analysis analysis(String id) {
		return this.store.find(id).orElseThrow(() -> AnalysisProblem.notFound(id));
	}

	private AnalysisStore.Analysis linked(String token) {
		String id = this.store.linkedAnalysis(digest(token))
			.orElseThrow(() -> new AnalysisProblem(HttpStatus.NOT_FOUND, "report-link-invalid",
					"Unknown or expired link", "This report link is unknown or has expired: ask for a new one."));
		return analysis(id);
	}

	private AnalysisReport report(AnalysisStore.Analysis analysis, Integer run) {
		String stored = this.store.report(analysis.id(), run)
			.orElseThrow(() -> (run != null)
					? new AnalysisProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
							"Analysis " + analysis.id() + " has no completed run " + run + " (completed: "
									+ this.store.runs(analysis.id()) + ").")
					: notYet(analysis.id(), "has no report yet: it is " + analysis.status() + " (" + analysis.stage()
							+ ")" + ((analysis.error() != null) ? ": " + analysis.error() : "")));
		return this.json.readValue(stored, AnalysisReport.class);
	}

	private static AnalysisProblem notYet(String id, String what) {
		return new AnalysisProblem(HttpStatus.CONFLICT, "analysis-not-ready", "Not ready",
				"Analysis " + id + " " + what + ".");
	}

	private ResponseEntity<String> htmlResponse(AnalysisReport report, boolean candidateFeedback) {
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
			.header("X-Content-Type-Options", "nosniff")
			.body(this.renderer.html(report, candidateFeedback));
	}

	private ResponseEntity<byte[]> pdfResponse(AnalysisReport report, boolean candidateFeedback) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"inline; filename=\"analysis-" + report.analysisId() + "-run" + report.run() + ".pdf\"")
			.body(this.renderer.pdf(report, candidateFeedback));
	}

	private ResponseEntity<String> subtitles(String id, String kind) {
		analysis(id);
		AnalysisStore.StoredTranscript transcript = this.store.transcript(id)
			.orElseThrow(() -> notYet(id, "has no transcript yet"));
		if (!transcript.timed()) {
			throw notYet(id, "has a transcript without timestamps: no subtitles can be made from it");
		}
		String body = kind.equals("srt") ? Timeline.srt(transcript.segments()) : Timeline.vtt(transcript.segments());
		return ResponseEntity.ok()
			.contentType(MediaType
				.parseMediaType(kind.equals("srt") ? "application/x-subrip;charset=UTF-8" : "text/vtt;charset=UTF-8"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"transcript-" + id + "." + kind + "\"")
			.body(body);
	}

	private AnalysisView view(AnalysisStore.Analysis a, boolean withReport) {
		String self = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/api/analyses/" + a.id())
			.toUriString();
		Map<String, String> links = new LinkedHashMap<>();
		links.put("self", self);
		links.put("events", self + "/events");
		links.put("report", self + "/report");
		links.put("html", self + "/report.html");
		links.put("pdf", self + "/report.pdf");
		links.put("transcript", self + "/transcript");
		List<Integer> runs = this.store.runs(a.id());
		AnalysisReport report = (withReport && !runs.isEmpty()) ? report(a, null) : null;
		return new AnalysisView(a.id(), a.status().name(), a.stage(), a.percent(), a.error(), a.run(), runs,
				new AnalysisReport.Source(a.kind().name(), a.fileName(), a.durationMs(), a.jobRole(), a.sessionId(),
						a.recordId()),
				a.skills(), Instant.ofEpochMilli(a.createdAt()), Instant.ofEpochMilli(a.updatedAt()), links, report);
	}

	static String digest(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
