package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A job record: the role, its description, where skill extraction stands, and optionally
 * its own scorecard weights.
 */
@Entity
@Table(name = "job_records")
class JobRecord {

	@Id
	@Column(length = 36)
	private String id;

	@Column(nullable = false, length = 200)
	private String title;

	@Column(name = "job_description", nullable = false, columnDefinition = "TEXT")
	private String jobDescription;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Enums.RecordStatus status;

	@Column(columnDefinition = "TEXT")
	private String failure;

	@Column(name = "weight_skills")
	private Double weightSkills;

	@Column(name = "weight_questions")
	private Double weightQuestions;

	@Column(name = "weight_communication")
	private Double weightCommunication;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	@Column(name = "updated_at", nullable = false)
	private long updatedAt;

	protected JobRecord() {
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
