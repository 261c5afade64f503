package ai.flo.interviewer.jobs;

/**
 * Thrown by a handler when retrying cannot help: the job fails at once with this reason.
 */
public class PermanentJobFailure extends RuntimeException {

	public PermanentJobFailure(String reason) {
		super(reason);
	}

	public PermanentJobFailure(String reason, Throwable cause) {
		super(reason, cause);
	}

}
