package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An interview question for one skill, with the answer a strong candidate would give. */
@Entity
@Table(name = "questions")
class Question {

	@Id
	@Column(length = 36)
	private String id;

	@Column(name = "skill_id", nullable = false, length = 36)
	private String skillId;

	@Embedded
	private QuestionContent content;

	@Column(nullable = false)
	private int position;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	/** 1 liked, -1 disliked, null not rated. */
	@Column
	private Integer liked;

	@Column(columnDefinition = "TEXT")
	private String feedback;

	@Column(nullable = false)
	private int version;

	protected Question() {
	}

	Question(String skillId, QuestionData data, int position, Instant now) {
		this.id = UUID.randomUUID().toString();
		this.skillId = skillId;
		this.content = new QuestionContent(data);
		this.position = position;
		this.createdAt = now.toEpochMilli();
		this.version = 1;
	}

	/**
	 * Replaces the content with a regenerated version; the current one, with its rating,
	 * becomes history.
	 */
	QuestionVersion replace(QuestionData data, String reason, Instant now) {
		QuestionVersion previous = new QuestionVersion(this.id, this.version, data(), this.liked, this.feedback, reason,
				this.createdAt, now);
		this.content = new QuestionContent(data);
		this.liked = null;
		this.feedback = null;
		this.version++;
		this.createdAt = now.toEpochMilli();
		return previous;
	}

	void rate(Boolean liked, String feedback) {
		this.liked = (liked == null) ? null : (liked ? 1 : -1);
		this.feedback = (feedback == null || feedback.isBlank()) ? null : feedback.strip();
	}

	Boolean liked() {
		return (this.liked == null) ? null : this.liked > 0;
	}

	String feedback() {
		return this.feedback;
	}

	int version() {
		return this.version;
	}

	String id() {
		return this.id;
	}

	String skillId() {
		return this.skillId;
	}

	QuestionData data() {
		return this.content.data();
	}

	int position() {
		return this.position;
	}

}
