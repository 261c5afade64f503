package ai.flo.interviewer.analysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.jobs.JobQueue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fairness checks of analyses ({@code fairness_checks}), through plain SQL: asked for
 * (with the job that runs it, in one transaction), running, completed with a verdict, or
 * failed with a reason.
 */
@Component
class FairnessChecks {

	static final String JOB_TYPE = "analysis.fairness";

	/** What an operator gave with the request; both optional. */
	record Request(String candidateName, String counterfactualName) {
	}

	/** What a completed check found. */
	record Result(List<AnalysisReport.FairnessSkill> skills, List<AnalysisReport.FairnessSubstitution> substitutions,
			String note) {
	}

	/** One row. */
	record Check(String id, String analysisId, int run, String status, String verdict, String listVersion,
			double tolerance, Request request, Result result, String error, long createdAt, Long completedAt) {

		boolean finished() {
			return this.status.equals("COMPLETED") || this.status.equals("FAILED");
		}

		AnalysisReport.Fairness view() {
			return new AnalysisReport.Fairness(this.id, this.status, this.run, this.verdict, this.tolerance,
					this.listVersion, (this.result != null) ? this.result.skills() : List.of(),
					(this.result != null) ? this.result.substitutions() : List.of(),
					(this.error != null) ? this.error : (this.result != null) ? this.result.note() : null,
					Instant.ofEpochMilli(this.createdAt),
					(this.completedAt != null) ? Instant.ofEpochMilli(this.completedAt) : null);
		}

	}

	private final JdbcClient jdbc;

	private final JobQueue jobs;

	private final JsonMapper json;

	private final Clock clock;

	FairnessChecks(JdbcClient jdbc, JobQueue jobs, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * A new check of {@code run}, QUEUED with its job; or the analysis's check that is
	 * still queued or running.
	 */
	@Transactional
	Check start(String analysisId, int run, String listVersion, double tolerance, Request request) {
		Optional<Check> pending = latest(analysisId).filter((check) -> !check.finished());
		if (pending.isPresent()) {
			return pending.get();
		}
		String id = UUID.randomUUID().toString();
		long now = this.clock.millis();
		this.jdbc.sql("""
				INSERT INTO fairness_checks (id, analysis_id, run, status, list_version, tolerance, request, created_at,
				  updated_at) VALUES (:id, :analysis, :run, 'QUEUED', :list, :tolerance, :request, :now, :now)""")
			.param("id", id)
			.param("analysis", analysisId)
			.param("run", run)
			.param("list", listVersion)
			.param("tolerance", tolerance)
			.param("request", this.json.writeValueAsString(request))
			.param("now", now)
			.update();
		// analysisId in the payload: deleting the analysis cancels the job.
		this.jobs.enqueue(JOB_TYPE,
				this.json.writeValueAsString(java.util.Map.of("checkId", id, "analysisId", analysisId)));
		return find(id).orElseThrow();
	}

	Optional<Check> find(String id) {
		return this.jdbc.sql("SELECT * FROM fairness_checks WHERE id = :id")
			.param("id", id)
			.query(this::check)
			.optional();
	}

	/** The analysis's newest check, of any run. */
	Optional<Check> latest(String analysisId) {
		return this.jdbc
			.sql("SELECT * FROM fairness_checks WHERE analysis_id = :a ORDER BY created_at DESC, id LIMIT 1")
			.param("a", analysisId)
			.query(this::check)
			.optional();
	}

	/** The newest check of one run. */
	Optional<Check> latest(String analysisId, int run) {
		return this.jdbc
			.sql("""
					SELECT * FROM fairness_checks WHERE analysis_id = :a AND run = :run ORDER BY created_at DESC, id LIMIT 1""")
			.param("a", analysisId)
			.param("run", run)
			.query(this::check)
			.optional();
	}

	void running(String id) {
		update(id, "status = 'RUNNING'", "status IN ('QUEUED', 'RUNNING')").update();
	}

	void completed(String id, String verdict, Result result) {
		update(id, "status = 'COMPLETED', verdict = :verdict, result = :result, error = NULL, completed_at = :now",
				"status IN ('QUEUED', 'RUNNING')")
			.param("verdict", verdict)
			.param("result", this.json.writeValueAsString(result))
			.update();
	}

	/** Failed with its reason, unless it has finished already. */
	void failed(String id, String reason) {
		update(id, "status = 'FAILED', error = :error, completed_at = :now", "status IN ('QUEUED', 'RUNNING')")
			.param("error", (reason.length() > 2000) ? reason.substring(0, 2000) : reason)
			.update();
	}

	/** Its job was put back in the queue by hand. */
	void requeued(String id) {
		update(id, "status = 'QUEUED', error = NULL, completed_at = NULL", "status = 'FAILED'").update();
	}

	private JdbcClient.StatementSpec update(String id, String set, String when) {
		return this.jdbc.sql("UPDATE fairness_checks SET " + set + ", updated_at = :now WHERE id = :id AND " + when)
			.param("id", id)
			.param("now", this.clock.millis());
	}

	private Check check(ResultSet rs, int row) throws SQLException {
		String result = rs.getString("result");
		long completed = rs.getLong("completed_at");
		Long completedAt = rs.wasNull() ? null : completed;
		return new Check(rs.getString("id"), rs.getString("analysis_id"), rs.getInt("run"), rs.getString("status"),
				rs.getString("verdict"), rs.getString("list_version"), rs.getDouble("tolerance"),
				this.json.readValue(rs.getString("request"), Request.class),
				(result != null) ? this.json.readValue(result, Result.class) : null, rs.getString("error"),
				rs.getLong("created_at"), completedAt);
	}

}
