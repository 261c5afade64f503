package ai.flo.interviewer.providers;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry loop of every provider client (LLM gateway, speech-to-text, text-to-speech).
 * An attempt that fails in a way another attempt may mend (429, 5xx, a timeout, no
 * connection) throws {@link Retry}; the loop then waits and tries again, up to
 * {@code maxAttempts} in all. The wait starts at {@code firstBackoff} and doubles up to
 * {@code maxWait}; a provider's Retry-After replaces one wait (capped at {@code maxWait}:
 * a provider asking for minutes must not hold a caller that long) and leaves the doubling
 * as it was. Any other exception ends the loop at once, as it is.
 */
public final class Retrying {

	private static final Logger log = LoggerFactory.getLogger(Retrying.class);

	private final int maxAttempts;

	private final Duration firstBackoff;

	private final Duration maxWait;

	/**
	 * @param maxAttempts attempts in all (1: no retry)
	 * @param firstBackoff the wait after the first failure
	 * @param maxWait the longest wait, whether backoff or Retry-After
	 */
	public Retrying(int maxAttempts, Duration firstBackoff, Duration maxWait) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
		}
		this.maxAttempts = maxAttempts;
		this.maxWait = maxWait;
		this.firstBackoff = min(firstBackoff, maxWait);
	}

	/** Runs {@code attempt} until it returns, sleeping between attempts. */
	public <R> R run(String what, Attempt<R> attempt) throws InterruptedException {
		return run(what, attempt, (wait) -> Thread.sleep(wait.toMillis()));
	}

	/**
	 * Runs {@code attempt} until it returns, waiting between attempts through
	 * {@code pause} (one that also watches a cancel flag, say, and returns early).
	 * @param what names the call in the log ("Speech-to-text", "LLM ANALYSIS")
	 * @throws GaveUp when the last allowed attempt failed with {@link Retry} too; its
	 * cause is that attempt's failure
	 * @throws InterruptedException when interrupted while waiting
	 */
	public <R> R run(String what, Attempt<R> attempt, Pause pause) throws InterruptedException {
		Duration backoff = this.firstBackoff;
		for (int number = 1;; number++) {
			Retry failed;
			try {
				return attempt.run(number);
			}
			catch (Retry ex) {
				failed = ex;
			}
			if (number >= this.maxAttempts) {
				throw new GaveUp(number, failed.getCause());
			}
			Duration wait = (failed.retryAfter != null) ? min(failed.retryAfter, this.maxWait) : backoff;
			log.info("{} attempt {}/{} failed ({}); retrying in {}", what, number, this.maxAttempts,
					failed.getCause().getMessage(), wait);
			pause.pause(wait);
			backoff = min(backoff.multipliedBy(2), this.maxWait);
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/** One attempt; {@code number} counts from 1. */
	@FunctionalInterface
	public interface Attempt<R> {

		R run(int number) throws InterruptedException;

	}

	/** A wait between attempts. */
	@FunctionalInterface
	public interface Pause {

		void pause(Duration wait) throws InterruptedException;

	}

	/**
	 * Thrown by an attempt that failed in a way worth another attempt.
	 */
	public static final class Retry extends RuntimeException {

		private final transient Duration retryAfter;

		/**
		 * @param failure what went wrong (thrown as the cause of {@link GaveUp} if no
		 * attempt succeeds)
		 * @param retryAfter the provider's Retry-After, or {@code null}
		 */
		public Retry(RuntimeException failure, Duration retryAfter) {
			super(failure.getMessage(), failure, false, false);
			this.retryAfter = retryAfter;
		}

	}

	/** Every allowed attempt failed; the cause is the last attempt's failure. */
	public static final class GaveUp extends RuntimeException {

		private final int attempts;

		GaveUp(int attempts, Throwable last) {
			super("failed after " + attempts + " attempts: " + last.getMessage(), last, false, false);
			this.attempts = attempts;
		}

		public int attempts() {
			return this.attempts;
		}

		/** The last attempt's failure. */
		public RuntimeException last() {
			return (RuntimeException) getCause();
		}

	}

}
