package ai.flo.interviewer.jobs;

/** What a running job sees of itself. */
public interface JobContext {

	String id();

	String type();

	/** The payload given at enqueue time (JSON text). */
	String payload();

	/** 1 for the first attempt. */
	int attempt();

	int maxAttempts();

	/**
	 * Records progress, visible through {@code GET /api/jobs/{id}}.
	 * @throws LeaseLostException when another worker has taken the job over
	 */
	void progress(String stage, int percent);

	/**
	 * Whether this worker still holds the job; a handler doing long work should check it.
	 */
	boolean stillOwned();

}
