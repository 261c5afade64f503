package ai.flo.interviewer.llm;

import ai.flo.interviewer.shared.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LlmProblemHandler {

	@ExceptionHandler(LlmException.class)
	ProblemDetail llmFailed(LlmException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_GATEWAY, "llm-failed", "The AI provider failed",
				ex.getMessage());
		problem.setProperty("reason", ex.kind().name());
		problem.setProperty("provider", ex.provider());
		return problem;
	}

}
