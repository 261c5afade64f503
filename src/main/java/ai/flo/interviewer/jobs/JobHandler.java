package ai.flo.interviewer.jobs;

/**
 * Runs the jobs of one type. Implementations are beans; the runner finds them by
 * {@link #type()}. A job may run more than once (a worker can die after doing the work
 * but before recording it), so handlers must be idempotent. Runs outside any transaction.
 */
public interface JobHandler {

	String type();

	/**
	 * Does the work. Returning normally completes the job; throwing fails this attempt
	 * (retried with backoff unless it is a {@link PermanentJobFailure} or the last
	 * attempt).
	 * @return an optional result (JSON), or {@code null}
	 */
	String run(JobContext context) throws Exception;

}
