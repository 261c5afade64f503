package ai.flo.interviewer.llm;

/**
 * An LLM call that did not produce a usable answer, with the reason. Features turn it
 * into a failed state with that reason: never into a default result.
 */
public class LlmException extends RuntimeException {

	/** Why the call failed. */
	public enum Kind {

		/**
		 * The provider answered with an error that retrying did not fix (or must not be
		 * retried).
		 */
		PROVIDER_ERROR,

		/** Still rate limited (429) after every attempt. */
		RATE_LIMITED,

		/** No answer within the timeout, or the connection failed, on every attempt. */
		UNAVAILABLE,

		/**
		 * The answer was not valid JSON for the schema, even after one repair attempt.
		 */
		INVALID_OUTPUT

	}

	private final Kind kind;

	private final LlmTask task;

	private final String provider;

	private final boolean retryable;

	public LlmException(Kind kind, LlmTask task, String provider, String message, Throwable cause) {
		this(kind, task, provider, message, cause, true);
	}

	public LlmException(Kind kind, LlmTask task, String provider, String message, Throwable cause, boolean retryable) {
		super(message, cause);
		this.kind = kind;
		this.task = task;
		this.provider = provider;
		this.retryable = retryable;
	}

	/**
	 * Whether calling again later may succeed: false for a request the provider refuses
	 * as wrong, and for a conversation turn that broke off after some of its text had
	 * been passed on (the caller decides how to go on, since repeating the call would
	 * repeat that text).
	 */
	public boolean retryable() {
		return this.retryable;
	}

	public Kind kind() {
		return this.kind;
	}

	public LlmTask task() {
		return this.task;
	}

	public String provider() {
		return this.provider;
	}

}
