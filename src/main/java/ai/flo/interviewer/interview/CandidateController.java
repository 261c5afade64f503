package ai.flo.interviewer.interview;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.shared.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A candidate's questions before joining, with their access code (public: candidates have
 * no admin key): what the interview is, and the text of their resume PDF. Neither spends
 * a use of the code; both count in the join's rate limit.
 */
@RestController
@RequestMapping("/api/interviews")
class CandidateController {

	/**
	 * The header that carries the access code with a resume PDF (the body is the PDF).
	 */
	static final String ACCESS_CODE_HEADER = "Access-Code";

	private final CandidateAccess access;

	CandidateController(CandidateAccess access) {
		this.access = access;
	}

	record Lookup(@io.swagger.v3.oas.annotations.media.Schema(example = "7K2M-9QXD-4TRB") @NotBlank @Size(
			max = 40) String accessCode) {
	}

	record ResumeText(String text, int pages, boolean truncated) {
	}

	/**
	 * What the interview behind an access code is: role, length, whether practice is
	 * allowed, the longest resume text accepted. The code is not used up.
	 */
	@PostMapping("/lookup")
	CandidateAccess.Preview lookup(@Valid @RequestBody Lookup request, HttpServletRequest http) {
		return this.access.preview(request.accessCode(), http.getRemoteAddr());
	}

	/**
	 * The text of a resume PDF (the body, up to 5 MB, any content type; the access code
	 * in the {@code Access-Code} header), cut to the longest resume the join accepts. The
	 * candidate sees it and sends it with the join as {@code resumeText}; nothing is
	 * stored.
	 */
	@PostMapping("/resume-text")
	ResumeText resumeText(@RequestHeader(name = ACCESS_CODE_HEADER, required = false) String accessCode,
			@RequestBody(required = false) byte[] pdf, HttpServletRequest http) {
		if (pdf == null || pdf.length == 0) {
			throw new ResumePdf.Problem(400, "resume-missing",
					"Send the resume PDF as the request body, with the access code in the Access-Code header.");
		}
		ResumePdf.Text text = this.access.resumeText(accessCode, pdf, http.getRemoteAddr());
		return new ResumeText(text.text(), text.pages(), text.truncated());
	}

	@ExceptionHandler(ResumePdf.Problem.class)
	ResponseEntity<ProblemDetail> resumeProblem(ResumePdf.Problem ex) {
		HttpStatus status = HttpStatus.valueOf(ex.status);
		return ResponseEntity.status(status).body(Problems.of(status, ex.slug, "Resume not read", ex.getMessage()));
	}

	/** The code's refusals, as the join reports them. */
	@ExceptionHandler(InterviewProblem.CodeUnknown.class)
	ResponseEntity<ProblemDetail> unknown(InterviewProblem.CodeUnknown ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Problems.of(HttpStatus.NOT_FOUND, "access-code-unknown", "Unknown access code", ex.getMessage()));
	}

	@ExceptionHandler(InterviewProblem.CodeRefused.class)
	ResponseEntity<ProblemDetail> refused(InterviewProblem.CodeRefused ex) {
		String slug = switch (ex.refusal) {
			case EXPIRED -> "access-code-expired";
			case USED_UP -> "access-code-used-up";
			case REVOKED -> "interview-revoked";
		};
		return ResponseEntity.status(HttpStatus.GONE)
			.body(Problems.of(HttpStatus.GONE, slug, "Access code not valid", ex.getMessage()));
	}

	@ExceptionHandler(InterviewProblem.TooManyAttempts.class)
	ResponseEntity<ProblemDetail> tooMany(InterviewProblem.TooManyAttempts ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, ex.retryAfter.toSeconds())))
			.body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-join-attempts", "Too many attempts",
					ex.getMessage()));
	}

}
