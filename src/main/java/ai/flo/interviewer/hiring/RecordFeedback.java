package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A recruiter's feedback on a record's questions as a whole, used by later generations.
 */
@Entity
@Table(name = "record_feedback")
class RecordFeedback {

	@Id
	@Column(length = 36)
	private String id;

	@Column(name = "record_id", nullable = false, length = 36)
	private String recordId;

	@Column(nullable = false, columnDefinition = "TEXT")
	private String text;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	protected RecordFeedback() {
	}

	RecordFeedback(String recordId, String text, Instant now) {
		this.id = UUID.randomUUID().toString();
		this.recordId = recordId;
		this.text = text.strip();
		this.createdAt = now.toEpochMilli();
	}

	String text() {
		return this.text;
	}

	Views.FeedbackView view() {
		return new Views.FeedbackView(this.id, this.text, Instant.ofEpochMilli(this.createdAt));
	}

}
