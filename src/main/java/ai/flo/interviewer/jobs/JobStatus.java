package ai.flo.interviewer.jobs;

public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED,

	/**
	 * What it worked for was deleted: it will not run (again), and a late result is
	 * dropped.
	 */
	CANCELLED

}
