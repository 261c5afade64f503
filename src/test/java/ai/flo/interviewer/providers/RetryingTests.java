package ai.flo.interviewer.providers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RetryingTests {

	private final List<Duration> waits = new ArrayList<>();

	private final AtomicInteger attempts = new AtomicInteger();

	@Test
	void retriesUntilAnAttemptSucceeds() throws InterruptedException {
		Retrying retrying = new Retrying(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
		String answer = retrying.run("test", (number) -> {
			this.attempts.incrementAndGet();
			if (number < 3) {
				throw new Retrying.Retry(new IllegalStateException("busy " + number), null);
			}
			return "done on " + number;
		}, this.waits::add);
		assertThat(answer).isEqualTo("done on 3");
		assertThat(this.attempts).hasValue(3);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
	}

	@Test
	void theBackoffDoublesUpToTheMaximumThenTheLoopGivesUpWithTheLastFailure() {
		Retrying retrying = new Retrying(6, Duration.ofSeconds(1), Duration.ofSeconds(5));
		assertThatExceptionOfType(Retrying.GaveUp.class)
			.isThrownBy(() -> retrying.run("test", this::failRetryably, this.waits::add))
			.satisfies((ex) -> {
				assertThat(ex.attempts()).isEqualTo(6);
				assertThat(ex.last()).isInstanceOf(IllegalStateException.class).hasMessage("busy 6");
			});
		assertThat(this.attempts).hasValue(6);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
				Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

	@Test
	void theFirstBackoffIsCappedByTheMaximumToo() {
		Retrying retrying = new Retrying(3, Duration.ofMillis(250), Duration.ofMillis(100));
		assertThatExceptionOfType(Retrying.GaveUp.class)
			.isThrownBy(() -> retrying.run("test", this::failRetryably, this.waits::add));
		assertThat(this.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
	}

	@Test
	void aRetryAfterReplacesOneWaitCappedByTheMaximumAndTheBackoffGoesOn() {
		Retrying retrying = new Retrying(5, Duration.ofSeconds(1), Duration.ofSeconds(10));
		List<Duration> retryAfters = List.of(Duration.ofMillis(300), Duration.ofMinutes(5));
		assertThatExceptionOfType(Retrying.GaveUp.class).isThrownBy(() -> retrying.run("test", (number) -> {
			this.attempts.incrementAndGet();
			Duration after = (number <= retryAfters.size()) ? retryAfters.get(number - 1) : null;
			throw new Retrying.Retry(new IllegalStateException("429"), after);
		}, this.waits::add));
		assertThat(this.waits).containsExactly(Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(4),
				Duration.ofSeconds(8));
	}

	@Test
	void aFailureNotWorthRetryingIsThrownAtOnceAsItIs() {
		Retrying retrying = new Retrying(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
		IllegalArgumentException refused = new IllegalArgumentException("400: bad model");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> retrying.run("test", (number) -> {
			this.attempts.incrementAndGet();
			throw refused;
		}, this.waits::add)).isSameAs(refused);
		assertThat(this.attempts).hasValue(1);
		assertThat(this.waits).isEmpty();
	}

	@Test
	void oneAttemptMeansNoRetry() {
		Retrying retrying = new Retrying(1, Duration.ofSeconds(1), Duration.ofSeconds(30));
		assertThatExceptionOfType(Retrying.GaveUp.class)
			.isThrownBy(() -> retrying.run("test", this::failRetryably, this.waits::add))
			.withMessageContaining("failed after 1 attempts: busy 1");
		assertThat(this.waits).isEmpty();
	}

	@Test
	void anInterruptWhileWaitingEndsTheLoop() {
		Retrying retrying = new Retrying(4, Duration.ofMinutes(1), Duration.ofMinutes(1));
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedException.class)
				.isThrownBy(() -> retrying.run("test", this::failRetryably));
			assertThat(this.attempts).hasValue(1);
		}
		finally {
			Thread.interrupted();
		}
	}

	private String failRetryably(int number) {
		this.attempts.incrementAndGet();
		throw new Retrying.Retry(new IllegalStateException("busy " + number), null);
	}

}
