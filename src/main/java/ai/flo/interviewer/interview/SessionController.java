package ai.flo.interviewer.interview;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.shared.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A session: the candidate (with the session token from joining) may read it and send
 * proctoring events; the transcript and the integrity score are for admins.
 */
@RestController
@RequestMapping("/api/sessions")
class SessionController {

	private final SessionService sessions;

	private final ResumeQuestions resumeQuestions;

	private final Rejoin rejoin;

	SessionController(SessionService sessions, ResumeQuestions resumeQuestions, Rejoin rejoin) {
		this.sessions = sessions;
		this.resumeQuestions = resumeQuestions;
		this.rejoin = rejoin;
	}

	/**
	 * Questions drawn from this session's resume (generated after joining; empty without
	 * a resume).
	 */
	@GetMapping("/{id}/resume-questions")
	List<ResumeQuestions.View> resumeQuestions(@PathVariable String id) {
		this.sessions.get(id);
		return this.resumeQuestions.read(id);
	}

	/**
	 * Draws the questions from this session's resume again (after a failure, or to
	 * replace them); 202 with the job's id. Admin key required.
	 */
	@PostMapping("/{id}/resume-questions")
	ResponseEntity<Map<String, String>> resumeQuestionsAgain(@PathVariable String id) {
		String job = this.resumeQuestions.requestAgain(id);
		return ResponseEntity.accepted().body(Map.of("sessionId", id, "jobId", job));
	}

	/**
	 * The candidate back after a lost connection or a reloaded page: a fresh token for
	 * the same room (the join's answer), with the session's token; no access code use
	 * spent. Only while the interview is on.
	 */
	@PostMapping("/{id}/rejoin")
	Views.JoinResult rejoin(@PathVariable String id,
			@RequestHeader(value = "Authorization", required = false) String auth) {
		return this.rejoin.rejoin(id, auth);
	}

	/**
	 * The candidate leaves on purpose (the page's "Leave", confirmed): the interview ends
	 * now, without the rejoin grace a lost connection gets. With the session's token (or
	 * an admin key); 204, also when it was over already.
	 */
	@PostMapping("/{id}/leave")
	ResponseEntity<Void> leave(@PathVariable String id,
			@RequestHeader(value = "Authorization", required = false) String auth) {
		this.sessions.authorize(id, auth, false);
		this.sessions.leave(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}")
	Views.SessionView get(@PathVariable String id,
			@RequestHeader(value = "Authorization", required = false) String auth) {
		this.sessions.authorize(id, auth, false);
		return this.sessions.get(id);
	}

	@GetMapping("/{id}/transcript")
	List<Views.TranscriptEntry> transcript(@PathVariable String id) {
		return this.sessions.transcript(id);
	}

	record EventRequest(
			@io.swagger.v3.oas.annotations.media.Schema(example = "TAB_HIDDEN") @NotNull ProctoringType type,
			@io.swagger.v3.oas.annotations.media.Schema(example = "2026-11-28T10:15:30Z") Instant at,
			@io.swagger.v3.oas.annotations.media.Schema(example = "4000") @PositiveOrZero Long durationMs,
			@io.swagger.v3.oas.annotations.media.Schema(example = "copied text (cut to 200 characters)") @Size(
					max = 100_000) String detail) {
	}

	record EventBatch(@NotEmpty @Size(max = 50) List<@Valid EventRequest> events) {
	}

	/**
	 * Up to 50 events a request; clipboard text and other details are cut to 200
	 * characters.
	 */
	@PostMapping("/{id}/proctoring")
	ResponseEntity<Map<String, Integer>> proctoring(@PathVariable String id,
			@RequestHeader(value = "Authorization", required = false) String auth,
			@Valid @RequestBody EventBatch batch) {
		this.sessions.authorize(id, auth, false);
		int stored = this.sessions.record(id,
				batch.events()
					.stream()
					.map((e) -> new SessionService.Event(e.type(), e.at(), e.durationMs(), e.detail()))
					.toList());
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(Map.of("accepted", batch.events().size(), "total", stored));
	}

	/**
	 * The proctoring events themselves, oldest first (the integrity score counts them).
	 */
	@GetMapping("/{id}/proctoring")
	List<Views.ProctoringEvent> proctoringEvents(@PathVariable String id) {
		return this.sessions.events(id);
	}

	@GetMapping("/{id}/integrity")
	Views.Integrity integrity(@PathVariable String id) {
		return this.sessions.integrity(id);
	}

	@ExceptionHandler(SessionProblem.class)
	ResponseEntity<ProblemDetail> problem(SessionProblem ex) {
		if (ex instanceof SessionProblem.Unauthorized) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header("WWW-Authenticate", "Bearer")
				.body(Problems.of(HttpStatus.UNAUTHORIZED, "session-token-invalid", "Not this session's token",
						ex.getMessage()));
		}
		if (ex instanceof SessionProblem.NotRejoinable) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Problems.of(HttpStatus.CONFLICT, "session-over", "Interview over", ex.getMessage()));
		}
		if (ex instanceof SessionProblem.NoResume || ex instanceof SessionProblem.ResumeQuestionsRunning) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Problems.of(HttpStatus.CONFLICT,
						(ex instanceof SessionProblem.NoResume) ? "session-without-resume" : "resume-questions-running",
						"Not possible now", ex.getMessage()));
		}
		if (ex instanceof SessionProblem.Closed) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Problems.of(HttpStatus.CONFLICT, "session-closed", "Session closed", ex.getMessage()));
		}
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "proctoring-limit", "Too many events", ex.getMessage()));
	}

	@ExceptionHandler(InterviewProblem.NotFound.class)
	ResponseEntity<ProblemDetail> notFound(InterviewProblem.NotFound ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage()));
	}

}
