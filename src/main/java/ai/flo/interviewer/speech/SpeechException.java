package ai.flo.interviewer.speech;

/**
 * A speech provider call that gave no usable answer, with the reason and whether a later
 * retry may help.
 */
public class SpeechException extends RuntimeException {

	private final boolean retryable;

	public SpeechException(String message, boolean retryable, Throwable cause) {
		super(message, cause);
		this.retryable = retryable;
	}

	public boolean retryable() {
		return this.retryable;
	}

}
