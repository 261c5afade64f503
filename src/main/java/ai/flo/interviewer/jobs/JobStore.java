package ai.flo.interviewer.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import ai.flo.interviewer.shared.DatabaseUrl;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code jobs} table. Every state change of a running job is conditional on this
 * worker still holding the lease, so a worker that lost its job can never overwrite the
 * new owner's state. Transactions here are a few statements long; no job work ever runs
 * inside one.
 */
@Component
class JobStore implements JobQueue {

	static final int MAX_ERROR_LENGTH = 4000;

	private static final String CLAIMABLE = "((status = 'QUEUED' AND run_at <= :now) OR (status = 'RUNNING' AND lease_until < :now))";

	private final JdbcClient jdbc;

	private final TransactionTemplate newTransaction;

	private final JobsProperties properties;

	private final Clock clock;

	private final String lockClause;

	JobStore(JdbcClient jdbc, PlatformTransactionManager transactions, JobsProperties properties, DatabaseUrl database,
			Clock clock) {
		this.jdbc = jdbc;
		this.newTransaction = new TransactionTemplate(transactions);
		this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.properties = properties;
		this.clock = clock;
		// SQLite serialises writers (BEGIN IMMEDIATE); PostgreSQL lets claimers skip each
		// other's rows.
		this.lockClause = (database.kind() == DatabaseUrl.Kind.POSTGRESQL) ? " FOR UPDATE SKIP LOCKED" : "";
	}

	@Override
	public String enqueue(String type, String payload, int maxAttempts, Duration delay) {
		if (type == null || type.isBlank() || type.length() > 100) {
			throw new IllegalArgumentException("job type must be 1 to 100 characters");
		}
		String id = UUID.randomUUID().toString();
		long now = now();
		this.jdbc.sql("""
				INSERT INTO jobs (id, type, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
				VALUES (:id, :type, :payload, 'QUEUED', 0, :max, :runAt, :now, :now)""")
			.param("id", id)
			.param("type", type)
			.param("payload", (payload != null) ? payload : "{}")
			.param("max", (maxAttempts > 0) ? maxAttempts : this.properties.maxAttempts())
			.param("runAt", now + Math.max(0, delay.toMillis()))
			.param("now", now)
			.update();
		return id;
	}

	@Override
	public boolean enqueueOnce(String id, String type, String payload, Duration delay) {
		if (id == null || !id.matches("[A-Za-z0-9._-]{1,36}")) {
			throw new IllegalArgumentException("job id must be 1 to 36 letters, digits, '.', '_' or '-'");
		}
		long now = now();
		return this.jdbc.sql("""
				INSERT INTO jobs (id, type, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
				VALUES (:id, :type, :payload, 'QUEUED', 0, :max, :runAt, :now, :now)
				ON CONFLICT (id) DO NOTHING""")
			.param("id", id)
			.param("type", type)
			.param("payload", (payload != null) ? payload : "{}")
			.param("max", this.properties.maxAttempts())
			.param("runAt", now + Math.max(0, delay.toMillis()))
			.param("now", now)
			.update() == 1;
	}

	@Override
	public int forgetFinished(String type, java.time.Instant before) {
		return this.jdbc.sql("""
				DELETE FROM jobs WHERE status IN ('SUCCEEDED', 'CANCELLED') AND finished_at < :before
				  AND (:type = '' OR type = :type)""")
			.param("type", (type != null) ? type : "")
			.param("before", before.toEpochMilli())
			.update();
	}

	@Override
	public Optional<JobView> find(String id) {
		return this.jdbc.sql("SELECT * FROM jobs WHERE id = :id")
			.param("id", id)
			.query(this::view)
			.optional()
			.map((job) -> withHistory(job, attempts(id)));
	}

	/** Jobs waiting to run (due or not yet), by type. */
	java.util.Map<String, Long> queuedByType() {
		java.util.Map<String, Long> queued = new java.util.HashMap<>();
		this.jdbc.sql("SELECT type, COUNT(*) FROM jobs WHERE status = 'QUEUED' GROUP BY type").query((rs) -> {
			queued.put(rs.getString(1), rs.getLong(2));
		});
		return queued;
	}

	List<JobView> list(JobStatus status, String type, int limit) {
		StringBuilder sql = new StringBuilder("SELECT * FROM jobs WHERE 1 = 1");
		if (status != null) {
			sql.append(" AND status = :status");
		}
		if (type != null) {
			sql.append(" AND type = :type");
		}
		sql.append(" ORDER BY created_at DESC, id LIMIT :limit");
		JdbcClient.StatementSpec spec = this.jdbc.sql(sql.toString()).param("limit", limit);
		if (status != null) {
			spec = spec.param("status", status.name());
		}
		if (type != null) {
			spec = spec.param("type", type);
		}
		return spec.query(this::view).list();
	}

	@Override
	public int cancel(String field, String value) {
		if (!field.matches("[A-Za-z]{1,40}") || !value.matches("[A-Za-z0-9-]{1,64}")) {
			throw new IllegalArgumentException("not a payload field and an id: " + field + ", " + value);
		}
		long now = now();
		return this.jdbc.sql("""
				UPDATE jobs SET status = 'CANCELLED', lease_owner = NULL, lease_until = NULL, finished_at = :now,
				  updated_at = :now, last_error = 'cancelled: what it worked for was deleted'
				WHERE status IN ('QUEUED', 'RUNNING') AND payload LIKE :needle""")
			.param("now", now)
			.param("needle", "%\"" + field + "\":\"" + value + "\"%")
			.update();
	}

	/**
	 * Puts a failed job back in the queue with a fresh set of attempts; false if it is
	 * not FAILED.
	 */
	boolean retry(String id) {
		long now = now();
		return this.jdbc.sql("""
				UPDATE jobs SET status = 'QUEUED', run_at = :now, updated_at = :now, finished_at = NULL,
				  max_attempts = attempts + :max, give_up_pending = 0
				WHERE id = :id AND status = 'FAILED'""")
			.param("now", now)
			.param("max", this.properties.maxAttempts())
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Claims the next due job for {@code worker}: a queued job whose time has come, or a
	 * running job whose owner stopped renewing its lease. A job that has used all its
	 * attempts when its lease expires fails instead, with the reason.
	 */
	Optional<Claim> claim(String worker) {
		for (int round = 0; round < 10; round++) {
			ClaimResult result = this.newTransaction.execute((status) -> claimOnce(worker));
			if (result == null || result.nothingDue()) {
				return Optional.empty();
			}
			if (result.claim() != null) {
				return Optional.of(result.claim());
			}
		}
		return Optional.empty();
	}

	private ClaimResult claimOnce(String worker) {
		long now = now();
		Optional<Candidate> found = this.jdbc
			.sql("SELECT id, type, payload, status, attempts, max_attempts, lease_owner FROM jobs WHERE " + CLAIMABLE
					+ " ORDER BY run_at, created_at, id LIMIT 1" + this.lockClause)
			.param("now", now)
			.query((rs, row) -> new Candidate(rs.getString("id"), rs.getString("type"), rs.getString("payload"),
					JobStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getInt("max_attempts"),
					rs.getString("lease_owner")))
			.optional();
		if (found.isEmpty()) {
			return ClaimResult.NOTHING_DUE;
		}
		Candidate job = found.get();
		if (job.status() == JobStatus.RUNNING) {
			String lost = "Worker " + job.leaseOwner() + " stopped renewing its lease (process died or hung)";
			this.jdbc.sql("""
					UPDATE job_attempts SET finished_at = :now, outcome = 'LOST', error = :error
					WHERE job_id = :id AND attempt = :attempt AND finished_at IS NULL""")
				.param("now", now)
				.param("error", lost)
				.param("id", job.id())
				.param("attempt", job.attempts())
				.update();
			if (job.attempts() >= job.maxAttempts()) {
				this.jdbc.sql("""
						UPDATE jobs SET status = 'FAILED', last_error = :error, lease_owner = NULL, lease_until = NULL,
						  finished_at = :now, updated_at = :now, give_up_pending = 1
						WHERE id = :id AND status = 'RUNNING' AND lease_until < :now""")
					.param("error", lost + "; no attempts left (" + job.attempts() + " of " + job.maxAttempts() + ")")
					.param("now", now)
					.param("id", job.id())
					.update();
				return ClaimResult.TRY_AGAIN;
			}
		}
		int updated = this.jdbc.sql("""
				UPDATE jobs SET status = 'RUNNING', lease_owner = :worker, lease_until = :until,
				  attempts = attempts + 1, started_at = :now, updated_at = :now
				WHERE id = :id AND """ + CLAIMABLE)
			.param("worker", worker)
			.param("until", now + this.properties.lease().toMillis())
			.param("now", now)
			.param("id", job.id())
			.update();
		if (updated != 1) {
			return ClaimResult.TRY_AGAIN;
		}
		int attempt = job.attempts() + 1;
		this.jdbc
			.sql("INSERT INTO job_attempts (job_id, attempt, worker, started_at) VALUES (:id, :attempt, :worker, :now)")
			.param("id", job.id())
			.param("attempt", attempt)
			.param("worker", worker)
			.param("now", now)
			.update();
		return new ClaimResult(false, new Claim(job.id(), job.type(), job.payload(), attempt, job.maxAttempts()));
	}

	/** Extends the lease; false when this worker no longer holds the job. */
	boolean renew(String id, String worker) {
		long now = now();
		return this.jdbc.sql("""
				UPDATE jobs SET lease_until = :until
				WHERE id = :id AND lease_owner = :worker AND status = 'RUNNING'""")
			.param("until", now + this.properties.lease().toMillis())
			.param("id", id)
			.param("worker", worker)
			.update() == 1;
	}

	boolean progress(String id, String worker, String stage, int percent) {
		return this.jdbc.sql("""
				UPDATE jobs SET stage = :stage, percent = :percent, updated_at = :now
				WHERE id = :id AND lease_owner = :worker AND status = 'RUNNING'""")
			.param("stage", truncate(stage, 200))
			.param("percent", Math.max(0, Math.min(100, percent)))
			.param("now", now())
			.param("id", id)
			.param("worker", worker)
			.update() == 1;
	}

	boolean succeed(Claim claim, String worker, String result) {
		return Boolean.TRUE.equals(this.newTransaction.execute((status) -> {
			long now = now();
			int updated = this.jdbc.sql("""
					UPDATE jobs SET status = 'SUCCEEDED', result = :result, percent = 100, last_error = NULL,
					  lease_owner = NULL, lease_until = NULL, finished_at = :now, updated_at = :now
					WHERE id = :id AND lease_owner = :worker AND status = 'RUNNING'""")
				.param("result", result)
				.param("now", now)
				.param("id", claim.id())
				.param("worker", worker)
				.update();
			if (updated == 1) {
				finishAttempt(claim, "SUCCEEDED", null, now);
			}
			return updated == 1;
		}));
	}

	/**
	 * Records a failed attempt: the job goes back to the queue after a backoff, or fails
	 * for good when it was the last attempt or retrying cannot help.
	 */
	boolean fail(Claim claim, String worker, String error, boolean permanent) {
		return Boolean.TRUE.equals(this.newTransaction.execute((status) -> {
			long now = now();
			boolean last = permanent || claim.attempt() >= claim.maxAttempts();
			String reason = truncate(error, MAX_ERROR_LENGTH);
			int updated;
			if (last) {
				updated = this.jdbc.sql("""
						UPDATE jobs SET status = 'FAILED', last_error = :error, lease_owner = NULL, lease_until = NULL,
						  finished_at = :now, updated_at = :now, give_up_pending = 1
						WHERE id = :id AND lease_owner = :worker AND status = 'RUNNING'""")
					.param("error", reason)
					.param("now", now)
					.param("id", claim.id())
					.param("worker", worker)
					.update();
			}
			else {
				updated = this.jdbc.sql("""
						UPDATE jobs SET status = 'QUEUED', last_error = :error, lease_owner = NULL, lease_until = NULL,
						  run_at = :runAt, updated_at = :now
						WHERE id = :id AND lease_owner = :worker AND status = 'RUNNING'""")
					.param("error", reason)
					.param("runAt", now + this.properties.backoff(claim.attempt()).toMillis())
					.param("now", now)
					.param("id", claim.id())
					.param("worker", worker)
					.update();
			}
			if (updated == 1) {
				finishAttempt(claim, "FAILED", reason, now);
			}
			return updated == 1;
		}));
	}

	/**
	 * Gives a job back without counting the attempt against it (the worker is shutting
	 * down).
	 */
	void release(Claim claim, String worker) {
		this.newTransaction.executeWithoutResult((status) -> {
			long now = now();
			int updated = this.jdbc.sql("""
					UPDATE jobs SET status = 'QUEUED', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL,
					  run_at = :now, updated_at = :now
					WHERE id = :id AND lease_owner = :worker AND status = 'RUNNING'""")
				.param("now", now)
				.param("id", claim.id())
				.param("worker", worker)
				.update();
			if (updated == 1) {
				this.jdbc.sql("DELETE FROM job_attempts WHERE job_id = :id AND attempt = :attempt")
					.param("id", claim.id())
					.param("attempt", claim.attempt())
					.update();
			}
		});
	}

	/**
	 * Jobs of these types that failed for good and whose owner has not been told yet
	 * (oldest first).
	 */
	List<GivenUp> givenUp(java.util.Collection<String> types, int limit) {
		if (types.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				SELECT id, type, payload, last_error FROM jobs
				WHERE give_up_pending = 1 AND status = 'FAILED' AND type IN (:types)
				ORDER BY finished_at, id LIMIT :limit""")
			.param("types", types)
			.param("limit", limit)
			.query((rs, row) -> new GivenUp(rs.getString("id"), rs.getString("type"), rs.getString("payload"),
					rs.getString("last_error")))
			.list();
	}

	/** A job's type and payload. */
	Optional<GivenUp> payload(String id) {
		return this.jdbc.sql("SELECT id, type, payload, last_error FROM jobs WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> new GivenUp(rs.getString("id"), rs.getString("type"), rs.getString("payload"),
					rs.getString("last_error")))
			.optional();
	}

	/** The owner of a failed job has been told. */
	void gaveUpHandled(String id) {
		this.jdbc.sql("UPDATE jobs SET give_up_pending = 0 WHERE id = :id AND status = 'FAILED'")
			.param("id", id)
			.update();
	}

	private void finishAttempt(Claim claim, String outcome, String error, long now) {
		this.jdbc.sql("""
				UPDATE job_attempts SET finished_at = :now, outcome = :outcome, error = :error
				WHERE job_id = :id AND attempt = :attempt""")
			.param("now", now)
			.param("outcome", outcome)
			.param("error", error)
			.param("id", claim.id())
			.param("attempt", claim.attempt())
			.update();
	}

	private List<JobView.Attempt> attempts(String id) {
		return this.jdbc.sql("SELECT * FROM job_attempts WHERE job_id = :id ORDER BY attempt")
			.param("id", id)
			.query((rs, row) -> new JobView.Attempt(rs.getInt("attempt"), rs.getString("worker"),
					instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("outcome"),
					rs.getString("error")))
			.list();
	}

	private JobView view(ResultSet rs, int row) throws SQLException {
		JobStatus status = JobStatus.valueOf(rs.getString("status"));
		int percent = rs.getInt("percent");
		Integer percentOrNull = rs.wasNull() ? null : percent;
		return new JobView(rs.getString("id"), rs.getString("type"), status, rs.getInt("attempts"),
				rs.getInt("max_attempts"), rs.getString("stage"), percentOrNull, rs.getString("last_error"),
				instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "started_at"),
				instant(rs, "finished_at"), (status == JobStatus.QUEUED) ? instant(rs, "run_at") : null,
				(status == JobStatus.RUNNING) ? rs.getString("lease_owner") : null, List.of());
	}

	private static JobView withHistory(JobView job, List<JobView.Attempt> history) {
		return new JobView(job.id(), job.type(), job.status(), job.attempts(), job.maxAttempts(), job.stage(),
				job.percent(), job.lastError(), job.createdAt(), job.updatedAt(), job.startedAt(), job.finishedAt(),
				job.nextRunAt(), job.worker(), history);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

	private long now() {
		return this.clock.millis();
	}

	static String truncate(String value, int max) {
		if (value == null || value.length() <= max) {
			return value;
		}
		return value.substring(0, max - 1) + "…";
	}

	record Claim(String id, String type, String payload, int attempt, int maxAttempts) {
	}

	record GivenUp(String id, String type, String payload, String reason) {
	}

	private record Candidate(String id, String type, String payload, JobStatus status, int attempts, int maxAttempts,
			String leaseOwner) {
	}

	private record ClaimResult(boolean nothingDue, Claim claim) {

		static final ClaimResult NOTHING_DUE = new ClaimResult(true, null);

		static final ClaimResult TRY_AGAIN = new ClaimResult(false, null);

	}

}
