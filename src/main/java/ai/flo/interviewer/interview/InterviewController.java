package ai.flo.interviewer.interview;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.hiring.SkillLevel;
import ai.flo.interviewer.shared.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Interviews (admin key) and joining one with an access code
 * ({@code POST /api/interviews/join}, public: candidates have no admin key).
 */
@RestController
@RequestMapping("/api/interviews")
class InterviewController {

	private final InterviewService interviews;

	private final SessionService sessions;

	private final InterviewProperties properties;

	private final ConsentProperties consent;

	InterviewController(InterviewService interviews, SessionService sessions, InterviewProperties properties,
			ConsentProperties consent) {
		this.interviews = interviews;
		this.sessions = sessions;
		this.properties = properties;
		this.consent = consent;
	}

	record CreateInterview(
			@io.swagger.v3.oas.annotations.media.Schema(
					example = "3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c") @NotBlank String recordId,
			@io.swagger.v3.oas.annotations.media.Schema(example = "Backend Engineer") @Size(max = 200) String role,
			@io.swagger.v3.oas.annotations.media.Schema(example = "PROFESSIONAL") SkillLevel skillLevel,
			@io.swagger.v3.oas.annotations.media.Schema(example = "30") @Min(5) @Max(180) Integer lengthMinutes,
			@io.swagger.v3.oas.annotations.media.Schema(example = "true") Boolean practiceAllowed,
			@io.swagger.v3.oas.annotations.media.Schema(example = "14") @Min(1) @Max(365) Integer codeValidDays,
			@io.swagger.v3.oas.annotations.media.Schema(example = "1") @Min(1) @Max(1000) Integer codeMaxUses) {
	}

	record UpdateInterview(
			@io.swagger.v3.oas.annotations.media.Schema(example = "Senior Backend Engineer") @Size(
					max = 200) String role,
			@io.swagger.v3.oas.annotations.media.Schema(example = "EXPERT") SkillLevel skillLevel,
			@io.swagger.v3.oas.annotations.media.Schema(example = "45") @Min(5) @Max(180) Integer lengthMinutes,
			@io.swagger.v3.oas.annotations.media.Schema(example = "false") Boolean practiceAllowed) {
	}

	record NewCode(@io.swagger.v3.oas.annotations.media.Schema(example = "7") @Min(1) @Max(365) Integer codeValidDays,
			@io.swagger.v3.oas.annotations.media.Schema(example = "1") @Min(1) @Max(1000) Integer codeMaxUses) {
	}

	/** Creates an interview; the answer holds its access code, shown this once. */
	@PostMapping
	ResponseEntity<Views.InterviewView> create(@Valid @RequestBody CreateInterview request) {
		Views.InterviewView created = this.interviews.create(
				request.recordId(), new InterviewService.Settings(request.role(), request.skillLevel(),
						request.lengthMinutes(), request.practiceAllowed()),
				days(request.codeValidDays()), request.codeMaxUses());
		return ResponseEntity.created(URI.create("/api/interviews/" + created.id())).body(created);
	}

	@GetMapping
	List<Views.InterviewView> list(@RequestParam(required = false) String recordId,
			@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit must be between 1 and 500");
		}
		return this.interviews.list(recordId, limit);
	}

	@GetMapping("/{id}")
	Views.InterviewView get(@PathVariable String id) {
		return this.interviews.get(id);
	}

	/** The sessions candidates started with this interview, newest first. */
	@GetMapping("/{id}/sessions")
	List<Views.SessionView> sessions(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit must be between 1 and 500");
		}
		this.interviews.get(id);
		return this.sessions.ofInterview(id, limit);
	}

	@PatchMapping("/{id}")
	Views.InterviewView update(@PathVariable String id, @Valid @RequestBody UpdateInterview request) {
		return this.interviews.update(id, new InterviewService.Settings(request.role(), request.skillLevel(),
				request.lengthMinutes(), request.practiceAllowed()));
	}

	@PostMapping("/{id}/revoke")
	Views.InterviewView revoke(@PathVariable String id) {
		return this.interviews.revoke(id);
	}

	/** A new access code (shown once); the previous code stops working. */
	@PostMapping("/{id}/code")
	Views.InterviewView newCode(@PathVariable String id, @Valid @RequestBody(required = false) NewCode request) {
		NewCode values = (request != null) ? request : new NewCode(null, null);
		return this.interviews.reissue(id, days(values.codeValidDays()), values.codeMaxUses());
	}

	record Join(
			@io.swagger.v3.oas.annotations.media.Schema(example = "7K2M-9QXD-4TRB") @NotBlank @Size(
					max = 40) String accessCode,
			@io.swagger.v3.oas.annotations.media.Schema(example = "Alex Doe") @NotBlank @Size(max = 200) String name,
			@io.swagger.v3.oas.annotations.media.Schema(example = "alex@example.com",
					description = "Optional: lets the candidate ask for all their interviews to be deleted at once") @jakarta.validation.constraints.Email @Size(
							max = 254) String email,
			@io.swagger.v3.oas.annotations.media.Schema(
					example = "Five years of Java and PostgreSQL at a fintech.") String resumeText,
			@io.swagger.v3.oas.annotations.media.Schema(example = "false") Boolean practice,
			@io.swagger.v3.oas.annotations.media.Schema(example = "true",
					description = "The candidate agrees to the consent text (GET /api/interviews/consent); required") Boolean consent,
			@io.swagger.v3.oas.annotations.media.Schema(example = "text-3f9a0c1b2d4e",
					description = "The version of the consent text shown; a changed text is refused (409)") @Size(
							max = 64) String consentVersion) {
	}

	/**
	 * What a candidate agrees to before joining: the front end shows it and sends its
	 * version back with {@code consent: true}. Public.
	 */
	@GetMapping("/consent")
	Views.ConsentText consent() {
		return new Views.ConsentText(this.consent.version(), this.consent.text());
	}

	/**
	 * A candidate joins with an access code: a session, a room, and the tokens to enter
	 * it. Without consent nothing is created and no use of the code is spent.
	 */
	@PostMapping("/join")
	ResponseEntity<?> join(@Valid @RequestBody Join request, HttpServletRequest http) {
		if (request.resumeText() != null && request.resumeText().length() > this.properties.maxResumeChars()) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "resume-too-long", "Resume too long",
						"The resume text has " + request.resumeText().length() + " characters; at most "
								+ this.properties.maxResumeChars() + " are accepted. Shorten it or leave it out."));
		}
		if (!Boolean.TRUE.equals(request.consent())) {
			return ResponseEntity.status(HttpStatus.BAD_REQUEST)
				.body(Problems.of(HttpStatus.BAD_REQUEST, "consent-required", "Consent required",
						"The interview is recorded and assessed by an AI system: the candidate must agree first. Show the "
								+ "consent text (GET /api/interviews/consent) and send \"consent\": true with its "
								+ "\"consentVersion\"."));
		}
		if (request.consentVersion() != null && !request.consentVersion().equals(this.consent.version())) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Problems.of(HttpStatus.CONFLICT, "consent-changed", "Consent text changed",
						"The consent text changed (now version " + this.consent.version() + ", agreed to "
								+ request.consentVersion() + "): show the current text and ask again."));
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.interviews.join(request.accessCode(), request.name(), request.email(), request.resumeText(),
					Boolean.TRUE.equals(request.practice()), this.consent.version(), http.getRemoteAddr()));
	}

	private static Duration days(Integer days) {
		return (days != null) ? Duration.ofDays(days) : null;
	}

	@ExceptionHandler(InterviewProblem.class)
	ResponseEntity<ProblemDetail> problem(InterviewProblem ex) {
		if (ex instanceof InterviewProblem.NotFound) {
			return status(HttpStatus.NOT_FOUND, "not-found", "Not found", ex);
		}
		if (ex instanceof InterviewProblem.CodeUnknown) {
			return status(HttpStatus.NOT_FOUND, "access-code-unknown", "Unknown access code", ex);
		}
		if (ex instanceof InterviewProblem.CodeRefused refused) {
			String slug = switch (refused.refusal) {
				case EXPIRED -> "access-code-expired";
				case USED_UP -> "access-code-used-up";
				case REVOKED -> "interview-revoked";
			};
			return status(HttpStatus.GONE, slug, "Access code not valid", ex);
		}
		if (ex instanceof InterviewProblem.PracticeNotAllowed) {
			return status(HttpStatus.FORBIDDEN, "practice-not-allowed", "Practice not allowed", ex);
		}
		InterviewProblem.TooManyAttempts tooMany = (InterviewProblem.TooManyAttempts) ex;
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, tooMany.retryAfter.toSeconds())))
			.body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-join-attempts", "Too many attempts",
					ex.getMessage()));
	}

	private static ResponseEntity<ProblemDetail> status(HttpStatus status, String slug, String title, Exception ex) {
		return ResponseEntity.status(status).body(Problems.of(status, slug, title, ex.getMessage()));
	}

}
