package ai.flo.interviewer.analysis;

import org.springframework.http.HttpStatus;

/**
 * Something wrong with what the client asked of an analysis: carries the status, a stable
 * problem slug and a message that says what to fix.
 */
class AnalysisProblem extends RuntimeException {

	private final HttpStatus status;

	private final String slug;

	private final String title;

	private java.time.Duration retryAfter;

	AnalysisProblem(HttpStatus status, String slug, String title, String message) {
		super(message);
		this.status = status;
		this.slug = slug;
		this.title = title;
	}

	/** When the client may try again (503). */
	AnalysisProblem retryAfter(java.time.Duration wait) {
		this.retryAfter = wait;
		return this;
	}

	java.time.Duration retryAfter() {
		return this.retryAfter;
	}

	HttpStatus status() {
		return this.status;
	}

	String slug() {
		return this.slug;
	}

	String title() {
		return this.title;
	}

	static AnalysisProblem notFound(String id) {
		return new AnalysisProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
				"There is no analysis with id " + id + ".");
	}

	static AnalysisProblem invalid(String message) {
		return new AnalysisProblem(HttpStatus.BAD_REQUEST, "analysis-invalid-input", "Invalid input", message);
	}

	static AnalysisProblem unusableFile(String slug, String title, String message) {
		return new AnalysisProblem(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, message);
	}

}
