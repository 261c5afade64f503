package ai.flo.interviewer.analysis;

import ai.flo.interviewer.access.AdminAccess;
import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.shared.Problems;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The candidate's feedback from their session's analysis: readable by the candidate (with
 * their session token) only when {@code FLO_CANDIDATE_FEEDBACK_VISIBLE} is true; by an
 * admin always.
 */
@RestController
@Profile("!worker")
class CandidateFeedbackController {

	private final AnalysisStore store;

	private final Reports reports;

	private final SessionRecords sessions;

	private final AdminAccess admin;

	private final AnalysisProperties properties;

	CandidateFeedbackController(AnalysisStore store, Reports reports, SessionRecords sessions, AdminAccess admin,
			AnalysisProperties properties) {
		this.store = store;
		this.reports = reports;
		this.sessions = sessions;
		this.admin = admin;
		this.properties = properties;
	}

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
		AnalysisReport report = this.reports.of(analysis, null);
		if (report.candidateFeedback() == null) {
			throw new AnalysisProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
					"Session " + sessionId + " has no feedback for the candidate"
							+ ((report.assessability() != null && !report.assessability().assessable())
									? ": " + report.assessability().reason() : "")
							+ ".");
		}
		return report.candidateFeedback();
	}

	@ExceptionHandler(AnalysisProblem.class)
	ResponseEntity<ProblemDetail> problem(AnalysisProblem ex) {
		return ResponseEntity.status(ex.status())
			.body(Problems.of(ex.status(), ex.slug(), ex.title(), ex.getMessage()));
	}

}
