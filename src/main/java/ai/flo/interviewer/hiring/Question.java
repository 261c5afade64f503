package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
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

	@Column(nullable = false, columnDefinition = "TEXT")
	private String question;

	@Column(name = "ideal_answer", nullable = false, columnDefinition = "TEXT")
	private String idealAnswer;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 30)
	private Enums.QuestionFormat format;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Enums.Difficulty difficulty;

	@Column(nullable = false)
	private int coding;

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
		this.question = data.question().strip();
		this.idealAnswer = data.idealAnswer().strip();
		this.format = data.format();
		this.difficulty = data.difficulty();
		this.coding = data.coding() ? 1 : 0;
		this.position = position;
		this.createdAt = now.toEpochMilli();
		this.version = 1;
	}

	/**
	 * Replaces the content with a regenerated version; the current one, with its rating, becomes
	 * history.
	 */
	QuestionVersion replace(QuestionData data, String reason, Instant now) {
		QuestionVersion previous = new QuestionVersion(this.id, this.version, data(), this.liked, this.feedback, reason,
				this.createdAt, now);
		this.question = data.question().strip();
		this.idealAnswer = data.idealAnswer().strip();
		this.format = data.format();
		this.difficulty = data.difficulty();
		this.coding = data.coding() ? 1 : 0;
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
		return new QuestionData(this.question, this.idealAnswer, this.format, this.difficulty, this.coding == 1);
	}

	int position() {
		return this.position;
	}

}
