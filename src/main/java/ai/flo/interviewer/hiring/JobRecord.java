package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A job record: the role, its description, and where skill extraction stands. */
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
