package ai.flo.interviewer.livekit;

import ai.flo.interviewer.shared.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LiveKitProblemHandler {

	@ExceptionHandler(LiveKitRooms.NotConfigured.class)
	ProblemDetail notConfigured(LiveKitRooms.NotConfigured ex) {
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "livekit-not-configured", "LiveKit not configured",
				ex.getMessage());
	}

	@ExceptionHandler(LiveKitRooms.Unavailable.class)
	ProblemDetail unavailable(LiveKitRooms.Unavailable ex) {
		return Problems.of(HttpStatus.BAD_GATEWAY, "livekit-unavailable", "LiveKit unavailable", ex.getMessage());
	}

}
