package ai.flo.interviewer.interview;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Join attempts per client address in a sliding window (default 10 a minute). With 60-bit
 * codes a guesser at that rate needs about 10^16 years on average per valid code, so
 * brute force is not a way in. Kept in memory per API process: several API replicas each
 * allow the limit. Memory is bounded: at most {@link #MAX_ADDRESSES} addresses are
 * remembered (the least recently seen is forgotten first), each with at most the limit's
 * attempts. Behind a reverse proxy the address is the client's only when the proxy is in
 * {@code FLO_TRUSTED_PROXIES}.
 */
@Component
class JoinRateLimiter {

	private final int maxAttempts;

	private final Duration window;

	private final Clock clock;

	static final int MAX_ADDRESSES = 50_000;

	private final Map<String, Deque<Long>> attempts = new LinkedHashMap<>(1024, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
			return size() > MAX_ADDRESSES;
		}

	};

	JoinRateLimiter(InterviewProperties properties, Clock clock) {
		this.maxAttempts = properties.joinAttemptsPerMinute();
		this.window = Duration.ofMinutes(1);
		this.clock = clock;
	}

	/** Counts an attempt; throws when the address has used up its window. */
	synchronized void attempt(String address) {
		long now = this.clock.millis();
		Deque<Long> times = this.attempts.computeIfAbsent(address, (a) -> new ArrayDeque<>());
		while (!times.isEmpty() && now - times.peekFirst() >= this.window.toMillis()) {
			times.pollFirst();
		}
		if (times.size() >= this.maxAttempts) {
			throw new InterviewProblem.TooManyAttempts(
					Duration.ofMillis(this.window.toMillis() - (now - times.peekFirst())));
		}
		times.addLast(now);
	}

	/** How many addresses are remembered (for tests of the bound). */
	synchronized int remembered() {
		return this.attempts.size();
	}

}
