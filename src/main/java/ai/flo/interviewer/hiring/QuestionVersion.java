package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An earlier version of a question: what it said, how it was rated, why it was replaced.
 */
@Entity
@Table(name = "question_versions")
class QuestionVersion {

	@Id
	@Column(length = 36)
	private String id;

	@Column(name = "question_id", nullable = false, length = 36)
	private String questionId;

	@Column(nullable = false)
	private int version;

	@Embedded
	private QuestionContent content;

	@Column
	private Integer liked;

	@Column(columnDefinition = "TEXT")
	private String feedback;

	@Column(name = "replaced_because", nullable = false, columnDefinition = "TEXT")
	private String replacedBecause;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	@Column(name = "replaced_at", nullable = false)
	private long replacedAt;

	protected QuestionVersion() {
	}

	QuestionVersion(String questionId, int version, QuestionData data, Integer liked, String feedback, String reason,
			long createdAt, Instant replacedAt) {
		this.id = UUID.randomUUID().toString();
		this.questionId = questionId;
		this.version = version;
		this.content = new QuestionContent(data);
		this.liked = liked;
		this.feedback = feedback;
		this.replacedBecause = reason;
		this.createdAt = createdAt;
		this.replacedAt = replacedAt.toEpochMilli();
	}

	Views.QuestionVersionView view() {
		QuestionData data = this.content.data();
		return new Views.QuestionVersionView(this.version, data.question(), data.idealAnswer(), data.format(),
				data.difficulty(), data.coding(), (this.liked == null) ? null : this.liked > 0, this.feedback,
				this.replacedBecause, Instant.ofEpochMilli(this.createdAt), Instant.ofEpochMilli(this.replacedAt));
	}

	int version() {
		return this.version;
	}

}
