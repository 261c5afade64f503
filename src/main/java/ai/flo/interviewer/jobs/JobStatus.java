package ai.flo.interviewer.jobs;

public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED

}
