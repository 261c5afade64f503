package ai.flo.interviewer.providers;

import ai.flo.interviewer.shared.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProviderProblemHandler {

	@ExceptionHandler(ProviderNotConfiguredException.class)
	ProblemDetail notConfigured(ProviderNotConfiguredException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "provider-not-configured",
				"Provider not configured", ex.getMessage());
		problem.setProperty("provider", ex.provider());
		return problem;
	}

}
