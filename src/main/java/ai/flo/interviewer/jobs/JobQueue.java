package ai.flo.interviewer.jobs;

import java.time.Duration;
import java.util.Optional;

/**
 * Enqueues jobs. {@link #enqueue} joins the caller's transaction, so a job exists if and
 * only if the change that caused it was committed.
 */
public interface JobQueue {

	/** Enqueues a job with the default number of attempts, to run now. */
	default String enqueue(String type, String payload) {
		return enqueue(type, payload, 0, Duration.ZERO);
	}

	/**
	 * @param maxAttempts attempts before the job fails for good; 0 for the configured
	 * default
	 * @param delay how long to wait before the first attempt
	 * @return the job's id
	 */
	String enqueue(String type, String payload, int maxAttempts, Duration delay);

	/**
	 * Enqueues a job under an id of the caller's choosing, unless a job with that id
	 * exists (whatever its state): for work that must be scheduled once however many
	 * workers ask, e.g. {@code retention-2026-11-29}.
	 * @return whether this call enqueued it
	 */
	boolean enqueueOnce(String id, String type, String payload, Duration delay);

	Optional<JobView> find(String id);

	/**
	 * Deletes the finished (SUCCEEDED or CANCELLED) jobs of a type that finished before
	 * {@code before}, with their attempts: for frequent housekeeping jobs.
	 * @return how many were deleted
	 */
	int forgetFinished(String type, java.time.Instant before);

	/**
	 * Cancels the queued and running jobs whose payload names {@code field} as
	 * {@code value} (what was deleted): they will not run, and a running one loses its
	 * lease (its thread is interrupted, its result dropped). Joins the caller's
	 * transaction.
	 * @return how many were cancelled
	 */
	int cancel(String field, String value);

}
