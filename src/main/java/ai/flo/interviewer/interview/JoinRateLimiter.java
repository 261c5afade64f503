package ai.flo.interviewer.interview;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Join attempts per client address in a sliding window (default 10 a minute). With 60-bit
 * codes a guesser at that rate needs about 10^16 years on average per valid code, so
 * brute force is not a way in. Kept in memory per API process: several API replicas each
 * allow the limit.
 */
@Component
class JoinRateLimiter {

	private final int maxAttempts;

	private final Duration window;

	private final Clock clock;

	private final Map<String, Deque<Long>> attempts = new ConcurrentHashMap<>();

	JoinRateLimiter(InterviewProperties properties, Clock clock) {
		this.maxAttempts = properties.joinAttemptsPerMinute();
		this.window = Duration.ofMinutes(1);
		this.clock = clock;
	}

	/** Counts an attempt; throws when the address has used up its window. */
	void attempt(String address) {
		long now = this.clock.millis();
		Deque<Long> times = this.attempts.computeIfAbsent(address, (a) -> new ArrayDeque<>());
		synchronized (times) {
			while (!times.isEmpty() && now - times.peekFirst() >= this.window.toMillis()) {
				times.pollFirst();
			}
			if (times.size() >= this.maxAttempts) {
				throw new InterviewProblem.TooManyAttempts(
						Duration.ofMillis(this.window.toMillis() - (now - times.peekFirst())));
			}
			times.addLast(now);
		}
		if (this.attempts.size() > 100_000) {
			this.attempts.entrySet().removeIf((e) -> e.getValue().isEmpty());
		}
	}

}
