package ai.flo.interviewer.shared;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem responses with a stable {@code type} per failure. */
public final class Problems {

	private Problems() {
	}

	public static URI type(String slug) {
		return URI.create("urn:flo:problem:" + slug);
	}

	public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(slug));
		problem.setTitle(title);
		return problem;
	}

}
