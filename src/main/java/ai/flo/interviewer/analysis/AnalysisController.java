package ai.flo.interviewer.analysis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.shared.Erasure;
import ai.flo.interviewer.shared.Problems;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Analyses over HTTP: upload, status and progress (Server-Sent Events), re-runs,
 * transcripts, reports (JSON, HTML, PDF, shareable links) and comparison with a human
 * evaluation. Admin key required, except a report link's token. The work is done
 * elsewhere: {@link AnalysisIntake}, {@link AnalysisLifecycle}, {@link AnalysisEvents},
 * {@link ReportLinks}, {@link Comparisons}.
 */
@RestController
@Profile("!worker")
class AnalysisController {

	private final AnalysisIntake intake;

	private final AnalysisStore store;

	private final AnalysisLifecycle lifecycle;

	private final Reports reports;

	private final ReportRenderer renderer;

	private final ReportLinks links;

	private final AnalysisEvents events;

	private final Comparisons comparisons;

	private final AnalysisErasure erasure;

	private final DataFolders folders;

	AnalysisController(AnalysisIntake intake, AnalysisStore store, AnalysisLifecycle lifecycle, Reports reports,
			ReportRenderer renderer, ReportLinks links, AnalysisEvents events, Comparisons comparisons,
			AnalysisErasure erasure, DataFolders folders) {
		this.erasure = erasure;
		this.folders = folders;
		this.intake = intake;
		this.store = store;
		this.lifecycle = lifecycle;
		this.reports = reports;
		this.renderer = renderer;
		this.links = links;
		this.events = events;
		this.comparisons = comparisons;
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

	/**
	 * Analyses, newest first; {@code status}, {@code sessionId} and {@code recordId}
	 * narrow the list (a session's analysis: {@code ?sessionId=}).
	 */
	@GetMapping("/api/analyses")
	List<AnalysisView> list(@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset,
			@RequestParam(required = false) String status, @RequestParam(required = false) String sessionId,
			@RequestParam(required = false) String recordId) {
		if (limit < 1 || limit > 200 || offset < 0) {
			throw AnalysisProblem.invalid("limit must be 1 to 200 and offset 0 or more.");
		}
		AnalysisStore.Status wanted = null;
		if (status != null && !status.isBlank()) {
			try {
				wanted = AnalysisStore.Status.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw AnalysisProblem.invalid("status must be one of QUEUED, PROCESSING, COMPLETED, FAILED.");
			}
		}
		AnalysisStore.Filter filter = new AnalysisStore.Filter(wanted, blankToNull(sessionId), blankToNull(recordId));
		return this.store.list(filter, limit, offset).stream().map((a) -> view(a, false)).toList();
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	@GetMapping("/api/analyses/{id}")
	AnalysisView get(@PathVariable String id) {
		return view(analysis(id), true);
	}

	/** The report of the latest completed run, or of {@code run}. */
	@GetMapping("/api/analyses/{id}/report")
	AnalysisReport report(@PathVariable String id, @RequestParam(required = false) Integer run) {
		return this.reports.of(analysis(id), run);
	}

	@GetMapping(path = "/api/analyses/{id}/report.html", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> html(@PathVariable String id, @RequestParam(required = false) Integer run,
			@RequestParam(defaultValue = "false") boolean candidateFeedback) {
		return htmlResponse(this.reports.of(analysis(id), run), candidateFeedback);
	}

	@GetMapping(path = "/api/analyses/{id}/report.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
	ResponseEntity<byte[]> pdf(@PathVariable String id, @RequestParam(required = false) Integer run,
			@RequestParam(defaultValue = "false") boolean candidateFeedback) {
		return pdfResponse(this.reports.of(analysis(id), run), candidateFeedback);
	}

	/**
	 * A link to the HTML report that works without an admin key until it expires (for a
	 * browser or a colleague).
	 */
	@PostMapping("/api/analyses/{id}/report-links")
	ResponseEntity<Map<String, Object>> link(@PathVariable String id) {
		AnalysisStore.Analysis analysis = analysis(id);
		this.reports.of(analysis, null);
		ReportLinks.Link link = this.links.create(id);
		String base = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/api/reports/" + link.token())
			.toUriString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("html", base);
		body.put("pdf", base + "/pdf");
		body.put("expiresAt", link.expiresAt());
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	@GetMapping(path = "/api/reports/{token}", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> sharedHtml(@PathVariable String token) {
		return htmlResponse(this.reports.of(analysis(this.links.analysisOf(token)), null), false);
	}

	@GetMapping(path = "/api/reports/{token}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
	ResponseEntity<byte[]> sharedPdf(@PathVariable String token) {
		return pdfResponse(this.reports.of(analysis(this.links.analysisOf(token)), null), false);
	}

	@GetMapping("/api/analyses/{id}/transcript")
	Map<String, Object> transcript(@PathVariable String id) {
		analysis(id);
		AnalysisStore.StoredTranscript transcript = this.store.transcript(id)
			.orElseThrow(() -> Reports.notReady(id, "has no transcript yet"));
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
	 * Starts a new run of the LLM analysis on the stored transcript (or from the stage
	 * that failed); earlier runs' reports are kept.
	 */
	@PostMapping("/api/analyses/{id}/rerun")
	ResponseEntity<AnalysisView> rerun(@PathVariable String id) {
		AnalysisStore.Analysis analysis = analysis(id);
		if (!analysis.status().finished()) {
			throw new AnalysisProblem(HttpStatus.CONFLICT, "analysis-running", "Analysis still running",
					"Analysis " + id + " is " + analysis.status() + " (" + analysis.stage()
							+ "): re-run it once it has COMPLETED or FAILED.");
		}
		this.intake.ensureConfigured();
		if (!this.lifecycle.rerun(analysis)) {
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
		return this.events.stream(id);
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
		return this.comparisons.compare(analysis(analysisId.strip()), evaluation, evaluationText);
	}

	/**
	 * Deletes the analysis with everything it holds (rows, upload, chunks, transcript
	 * files, reports, share links); running work for it is cancelled first.
	 */
	@DeleteMapping("/api/analyses/{id}")
	Map<String, Object> delete(@PathVariable String id) {
		analysis(id);
		Erasure removed = new Erasure(this.folders);
		this.erasure.analysis(id, removed);
		removed.deleteFiles();
		return Map.of("removed", removed.report());
	}

	@ExceptionHandler(AnalysisProblem.class)
	ResponseEntity<ProblemDetail> problem(AnalysisProblem ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
		if (ex.retryAfter() != null) {
			response.header(HttpHeaders.RETRY_AFTER, String.valueOf(ex.retryAfter().toSeconds()));
		}
		return response.body(Problems.of(ex.status(), ex.slug(), ex.title(), ex.getMessage()));
	}

	private AnalysisStore.Analysis analysis(String id) {
		return this.store.find(id).orElseThrow(() -> AnalysisProblem.notFound(id));
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
			.orElseThrow(() -> Reports.notReady(id, "has no transcript yet"));
		if (!transcript.timed()) {
			throw Reports.notReady(id, "has a transcript without timestamps: no subtitles can be made from it");
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
		AnalysisReport report = (withReport && !runs.isEmpty()) ? this.reports.of(a, null) : null;
		return new AnalysisView(a.id(), a.status().name(), a.stage(), a.percent(), a.error(), a.run(), runs,
				new AnalysisReport.Source(a.kind().name(), a.fileName(), a.durationMs(), a.jobRole(), a.sessionId(),
						a.recordId()),
				a.skills(), Instant.ofEpochMilli(a.createdAt()), Instant.ofEpochMilli(a.updatedAt()), links, report);
	}

}
