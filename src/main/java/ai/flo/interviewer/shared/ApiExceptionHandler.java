package ai.flo.interviewer.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the API returns is an RFC 9457 problem. Spring MVC's own exceptions (bad
 * JSON, wrong types, unknown paths, wrong methods) keep their status; anything unexpected
 * is a 500 whose body says nothing about internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final DataSize maxUploadSize;

	ApiExceptionHandler(
			@org.springframework.beans.factory.annotation.Value("${flo.analysis.max-upload-size:500MB}") DataSize maxUploadSize) {
		this.maxUploadSize = maxUploadSize;
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getMessage());
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		long bytes = (ex.getMaxUploadSize() > 0) ? ex.getMaxUploadSize() : this.maxUploadSize.toBytes();
		String limit = " of " + DataSize.ofBytes(bytes).toMegabytes() + " MB";
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

}
