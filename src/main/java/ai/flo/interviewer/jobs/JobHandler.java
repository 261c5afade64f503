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

	/**
	 * The job failed for good: its last attempt failed, it threw a
	 * {@link PermanentJobFailure}, or the workers running it kept dying until no attempt
	 * was left. Put what the job works for (an analysis, a record, a session) in its
	 * failed state with {@code reason}, so that nothing waits for it forever. Runs
	 * outside any transaction, at least once per failure (a worker that dies in between
	 * leaves it to the next): must be idempotent, and must leave an owner that has moved
	 * on (a newer run, another state) alone.
	 */
	default void gaveUp(String payload, String reason) {
	}

	/**
	 * A failed job was put back in the queue ({@code POST /api/jobs/{id}/retry}): put its
	 * owner back in progress. Runs in the transaction that requeues the job.
	 */
	default void retrying(String payload) {
	}

	/**
	 * Whether the job is a routine pass that runs every few seconds (a reconciler): its
	 * start and success are logged at DEBUG, not INFO, so that they do not bury the log.
	 * Its failures are logged as any job's.
	 */
	default boolean routine() {
		return false;
	}

}
