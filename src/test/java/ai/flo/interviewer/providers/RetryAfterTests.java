package ai.flo.interviewer.providers;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	@Test
	void millisecondsSecondsAndHttpDates() {
		assertThat(RetryAfter.parse("1500", "9", NOW)).contains(Duration.ofMillis(1500));
		assertThat(RetryAfter.parse(null, "2", NOW)).contains(Duration.ofSeconds(2));
		assertThat(RetryAfter.parse(null, "0.25", NOW)).contains(Duration.ofMillis(250));
		assertThat(RetryAfter.parse(null, "Sat, 28 Nov 2026 12:00:07 GMT", NOW)).contains(Duration.ofSeconds(7));
		assertThat(RetryAfter.parse(null, "Sat, 28 Nov 2026 11:59:00 GMT", NOW)).contains(Duration.ZERO);
	}

	@Test
	void absentOrUnreadableIsEmpty() {
		assertThat(RetryAfter.parse(null, null, NOW)).isEmpty();
		assertThat(RetryAfter.parse(null, "soon", NOW)).isEmpty();
		assertThat(RetryAfter.parse("", " ", NOW)).isEmpty();
	}

}
