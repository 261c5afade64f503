package ai.flo.interviewer.jobs;

import java.time.Instant;
import java.util.List;

/** A job as the API shows it. */
public record JobView(String id, String type, JobStatus status, int attempts, int maxAttempts, String stage,
		Integer percent, String lastError, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt,
		Instant nextRunAt, String worker, List<Attempt> history) {

	/** One execution of the job by one worker. */
	public record Attempt(int attempt, String worker, Instant startedAt, Instant finishedAt, String outcome,
			String error) {
	}

}
