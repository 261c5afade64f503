package ai.flo.interviewer.hiring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import ai.flo.interviewer.shared.Columns;

/**
 * A job record: the role, its description, where skill extraction stands, and optionally
 * its own scorecard weights.
 */
class JobRecord {

	private String id;

	private String title;

	private String jobDescription;

	private Enums.RecordStatus status;

	private String failure;

	private Double weightSkills;

	private Double weightQuestions;

	private Double weightCommunication;

	private long createdAt;

	private long updatedAt;

	private JobRecord() {
	}

	/** The row its repository read. */
	static JobRecord read(ResultSet rs) throws SQLException {
		JobRecord row = new JobRecord();
		row.id = rs.getString("id");
		row.title = rs.getString("title");
		row.jobDescription = rs.getString("job_description");
		row.status = Enums.RecordStatus.valueOf(rs.getString("status"));
		row.failure = rs.getString("failure");
		row.weightSkills = Columns.nullableDouble(rs, "weight_skills");
		row.weightQuestions = Columns.nullableDouble(rs, "weight_questions");
		row.weightCommunication = Columns.nullableDouble(rs, "weight_communication");
		row.createdAt = rs.getLong("created_at");
		row.updatedAt = rs.getLong("updated_at");
		return row;
	}

	/** Its columns by name, for its repository's insert and update. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", this.id);
		columns.put("title", this.title);
		columns.put("job_description", this.jobDescription);
		columns.put("status", this.status.name());
		columns.put("failure", this.failure);
		columns.put("weight_skills", this.weightSkills);
		columns.put("weight_questions", this.weightQuestions);
		columns.put("weight_communication", this.weightCommunication);
		columns.put("created_at", this.createdAt);
		columns.put("updated_at", this.updatedAt);
		return columns;
	}

	JobRecord(String title, String jobDescription, Instant now) {
		this.id = UUID.randomUUID().toString();
		this.title = title;
		this.jobDescription = jobDescription;
		this.status = Enums.RecordStatus.EXTRACTING;
		this.createdAt = now.toEpochMilli();
		this.updatedAt = this.createdAt;
	}

	void extracting(Instant now) {
		this.status = Enums.RecordStatus.EXTRACTING;
		this.failure = null;
		this.updatedAt = now.toEpochMilli();
	}

	void extracted(Instant now) {
		this.status = Enums.RecordStatus.READY;
		this.failure = null;
		this.updatedAt = now.toEpochMilli();
	}

	void extractionFailed(String reason, Instant now) {
		this.status = Enums.RecordStatus.FAILED;
		this.failure = reason;
		this.updatedAt = now.toEpochMilli();
	}

	/** Its own scorecard weights, or {@code null} for the settings'. */
	void scorecardWeights(JobRecords.ScorecardWeights weights, Instant now) {
		this.weightSkills = (weights != null) ? weights.skills() : null;
		this.weightQuestions = (weights != null) ? weights.questions() : null;
		this.weightCommunication = (weights != null) ? weights.communication() : null;
		this.updatedAt = now.toEpochMilli();
	}

	/** Its own scorecard weights, or {@code null} when the settings' apply. */
	JobRecords.ScorecardWeights scorecardWeights() {
		if (this.weightSkills == null || this.weightQuestions == null || this.weightCommunication == null) {
			return null;
		}
		return new JobRecords.ScorecardWeights(this.weightSkills, this.weightQuestions, this.weightCommunication);
	}

	void touched(Instant now) {
		this.updatedAt = now.toEpochMilli();
	}

	String id() {
		return this.id;
	}

	String title() {
		return this.title;
	}

	String jobDescription() {
		return this.jobDescription;
	}

	Enums.RecordStatus status() {
		return this.status;
	}

	String failure() {
		return this.failure;
	}

	Instant createdAt() {
		return Instant.ofEpochMilli(this.createdAt);
	}

	Instant updatedAt() {
		return Instant.ofEpochMilli(this.updatedAt);
	}

}
