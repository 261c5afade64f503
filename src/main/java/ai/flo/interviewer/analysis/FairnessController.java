package ai.flo.interviewer.analysis;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.shared.Problems;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The fairness guard over HTTP (admin key required, audited as every admin request): an
 * operator asks for a counterfactual check of an analysis's latest completed run and
 * reads its result; the report shows it too. The check runs as a job
 * ({@link FairnessCheck}).
 */
@RestController
@Profile("!worker")
class FairnessController {

	private final AnalysisStore store;

	private final Reports reports;

	private final FairnessChecks checks;

	private final FairnessCheck check;

	private final SessionRecords sessions;

	private final AnalysisProperties properties;

	private final LlmGateway llm;

	FairnessController(AnalysisStore store, Reports reports, FairnessChecks checks, FairnessCheck check,
			SessionRecords sessions, AnalysisProperties properties, LlmGateway llm) {
		this.store = store;
		this.reports = reports;
		this.checks = checks;
		this.check = check;
		this.sessions = sessions;
		this.properties = properties;
		this.llm = llm;
	}

	/**
	 * What an operator may add: the candidate's name as said in the interview (a
	 * session's is known), and the name to swap it for (the list's by default).
	 */
	record FairnessRequest(@Size(max = 200) String candidateName, @Size(max = 200) String counterfactualName) {
	}

	/**
	 * Starts a check of the latest completed run (202); while one is queued or running,
	 * answers that one.
	 */
	@PostMapping("/api/analyses/{id}/fairness-check")
	ResponseEntity<AnalysisReport.Fairness> start(@PathVariable String id,
			@RequestBody(required = false) @Valid FairnessRequest body) {
		AnalysisStore.Analysis analysis = this.store.find(id).orElseThrow(() -> AnalysisProblem.notFound(id));
		if (analysis.status() != AnalysisStore.Status.COMPLETED) {
			throw Reports.notReady(id, "is " + analysis.status() + " (" + analysis.stage()
					+ "): a fairness check needs a completed analysis");
		}
		AnalysisReport report = this.reports.stored(analysis, null);
		if (report.assessability() != null && !report.assessability().assessable()) {
			throw new AnalysisProblem(HttpStatus.CONFLICT, "fairness-check-not-applicable", "Nothing to check",
					"Analysis " + id + " scored nothing (not assessable: " + report.assessability().reason()
							+ "), so there are no scores to compare.");
		}
		this.llm.ensureConfigured(LlmTask.ANALYSIS);
		String candidateName = blankToNull((body != null) ? body.candidateName() : null);
		if (candidateName == null && analysis.sessionId() != null) {
			candidateName = this.sessions.find(analysis.sessionId())
				.map(SessionRecords.SessionInfo::candidateName)
				.orElse(null);
		}
		FairnessChecks.Check started = this.checks.start(id, report.run(), this.check.list().version(),
				this.properties.fairnessTolerance(), new FairnessChecks.Request(candidateName,
						blankToNull((body != null) ? body.counterfactualName() : null)));
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().build().toUri();
		return ResponseEntity.accepted().location(location).body(started.view());
	}

	/** The analysis's latest check, of any run. */
	@GetMapping("/api/analyses/{id}/fairness-check")
	AnalysisReport.Fairness latest(@PathVariable String id) {
		this.store.find(id).orElseThrow(() -> AnalysisProblem.notFound(id));
		return this.checks.latest(id)
			.map(FairnessChecks.Check::view)
			.orElseThrow(() -> new AnalysisProblem(HttpStatus.NOT_FOUND, "fairness-check-not-found",
					"No fairness check", "No fairness check has been run on analysis " + id + ": POST /api/analyses/"
							+ id + "/fairness-check runs one."));
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	@ExceptionHandler(AnalysisProblem.class)
	ResponseEntity<ProblemDetail> problem(AnalysisProblem ex) {
		return ResponseEntity.status(ex.status())
			.body(Problems.of(ex.status(), ex.slug(), ex.title(), ex.getMessage()));
	}

}
