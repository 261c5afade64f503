package ai.flo.interviewer.jobs;

/** This worker no longer holds the job (its lease expired and another worker took it). */
public class LeaseLostException extends RuntimeException {

	public LeaseLostException(String jobId) {
		super("Lease on job " + jobId + " was lost");
	}

}
