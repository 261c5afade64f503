package ai.flo.interviewer.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the API returns is an RFC 9457 problem. Spring MVC's own exceptions (bad
 * JSON, wrong types, unknown paths, wrong methods) keep their status; anything unexpected
 * is a 500 whose body says nothing about internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getMessage());
	}

	@ExceptionHandler(RequestLimitFilter.BodyTooLargeException.class)
	ResponseEntity<ProblemDetail> tooLarge(RequestLimitFilter.BodyTooLargeException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.header(HttpHeaders.CONNECTION, "close")
			.body(ex.problem());
	}

	@ExceptionHandler(RequestLimitFilter.BodyTooSlowException.class)
	ResponseEntity<ProblemDetail> tooSlow(RequestLimitFilter.BodyTooSlowException ex) {
		return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
			.header(HttpHeaders.CONNECTION, "close")
			.body(Problems.of(HttpStatus.REQUEST_TIMEOUT, "request-too-slow", "Request body too slow",
					ex.getMessage()));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// The limits trip while a converter reads the body; some converters wrap what
		// they hit.
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestLimitFilter.BodyTooLargeException tooLarge) {
				return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
					.header(HttpHeaders.CONNECTION, "close")
					.body(tooLarge.problem());
			}
			if (cause instanceof RequestLimitFilter.BodyTooSlowException tooSlow) {
				return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
					.header(HttpHeaders.CONNECTION, "close")
					.body(Problems.of(HttpStatus.REQUEST_TIMEOUT, "request-too-slow", "Request body too slow",
							tooSlow.getMessage()));
			}
		}
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body",
				"The body is not valid JSON of the expected shape" + readable(ex) + ".");
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Object applied = request.getAttribute(RequestLimitFilter.LIMIT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		long bytes = (ex.getMaxUploadSize() > 0) ? ex.getMaxUploadSize() : (applied instanceof Long limit) ? limit : -1;
		String limit = (bytes > 0) ? " of " + RequestLimitFilter.size(bytes) : "";
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
					"The upload is larger than the limit" + limit
							+ " (FLO_UPLOAD_MAX_SIZE). Send a smaller file, e.g. the audio track only, compressed (mp3, opus)."));
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex) {
		log.error("Unhandled error", ex);
		return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The server failed to handle the request; the error is in its log.");
	}

	/**
	 * What the JSON parser said, without Java class names: enough for the client to find
	 * the fault.
	 */
	private static String readable(HttpMessageNotReadableException ex) {
		Throwable root = ex.getMostSpecificCause();
		String message = (root != null) ? root.getMessage() : null;
		if (message == null || message.isBlank()) {
			return "";
		}
		String first = message.lines().findFirst().orElse("").replaceAll("\\(class [^)]*\\)", "");
		first = first.replaceAll("`[a-z]+(\\.[A-Za-z0-9_$]+)+`", "a field");
		return (first.length() > 300) ? ": " + first.substring(0, 300) + "…" : ": " + first;
	}

}
