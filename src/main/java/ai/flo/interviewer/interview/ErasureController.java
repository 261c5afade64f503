package ai.flo.interviewer.interview;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.shared.Erasure;
import ai.flo.interviewer.shared.Problems;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasure: a session, an interview, or every session of one candidate, with everything
 * that belongs to them (rows, analyses, recordings, transcripts, reports, files). Each
 * answers what was removed. Admin key required.
 */
@RestController
@Profile("!worker")
class ErasureController {

	private final InterviewErasure erasure;

	private final DataFolders folders;

	ErasureController(InterviewErasure erasure, DataFolders folders) {
		this.erasure = erasure;
		this.folders = folders;
	}

	@DeleteMapping("/api/sessions/{id}")
	ResponseEntity<?> deleteSession(@PathVariable String id) {
		Erasure removed = new Erasure(this.folders);
		this.erasure.sessions(List.of(id), removed);
		return answer(removed, "session", id);
	}

	@DeleteMapping("/api/interviews/{id}")
	ResponseEntity<?> deleteInterview(@PathVariable String id) {
		Erasure removed = new Erasure(this.folders);
		this.erasure.interview(id, removed);
		return answer(removed, "interview", id);
	}

	/**
	 * A candidate's request: by the email they gave at joining, or by one of their
	 * sessions.
	 */
	record Request(@Email @Size(max = 254) String email, @Size(max = 64) String sessionId) {
	}

	@PostMapping("/api/erasures")
	ResponseEntity<?> eraseCandidate(@Valid @RequestBody Request request) {
		if ((request.email() == null || request.email().isBlank()) == (request.sessionId() == null
				|| request.sessionId().isBlank())) {
			throw new IllegalArgumentException(
					"Give either email (every session joined with it) or sessionId (that candidate's sessions)");
		}
		Erasure removed = new Erasure(this.folders);
		List<String> sessions = this.erasure.candidate(blank(request.email()), blank(request.sessionId()), removed);
		removed.deleteFiles();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sessions", sessions);
		body.put("removed", removed.report());
		return ResponseEntity.ok(body);
	}

	private static ResponseEntity<?> answer(Erasure removed, String what, String id) {
		removed.deleteFiles();
		if (removed.isEmpty()) {
			ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
					"There is no " + what + " with id " + id + " (nothing was removed).");
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
		}
		return ResponseEntity.ok(Map.of("removed", removed.report()));
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
