package ai.flo.interviewer.providers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A provider's "wait before retrying" headers: {@code retry-after-ms} (milliseconds), or
 * {@code Retry-After} as seconds (decimals allowed) or an HTTP date. One reading for
 * every provider client.
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * @param retryAfterMs the {@code retry-after-ms} header, or {@code null}
	 * @param retryAfter the {@code Retry-After} header, or {@code null}
	 * @param now the current time (for an HTTP date)
	 * @return the wait (never negative), or empty when neither header is there or
	 * readable
	 */
	public static Optional<Duration> parse(String retryAfterMs, String retryAfter, Instant now) {
		try {
			if (retryAfterMs != null && !retryAfterMs.isBlank()) {
				return Optional.of(nonNegative(Duration.ofMillis((long) Double.parseDouble(retryAfterMs.strip()))));
			}
			if (retryAfter != null && !retryAfter.isBlank()) {
				String value = retryAfter.strip();
				if (value.matches("\\d+(\\.\\d+)?")) {
					return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
				}
				ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
				return Optional.of(nonNegative(Duration.between(now, at.toInstant())));
			}
		}
		catch (RuntimeException ex) {
			// An unreadable header: the caller keeps its own backoff.
		}
		return Optional.empty();
	}

	private static Duration nonNegative(Duration duration) {
		return duration.isNegative() ? Duration.ZERO : duration;
	}

}
