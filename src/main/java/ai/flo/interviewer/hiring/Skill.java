package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A skill a job record asks for, and where question generation for it stands. */
@Entity
@Table(name = "skills")
class Skill {

	@Id
	@Column(length = 36)
	private String id;

	@Column(name = "record_id", nullable = false, length = 36)
	private String recordId;

	@Column(nullable = false, length = 200)
	private String name;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private SkillLevel level;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Enums.Requirement requirement;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Enums.Category category;

	@Column(name = "num_questions", nullable = false)
	private int numQuestions;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Enums.Difficulty difficulty;

	@Column(nullable = false)
	private int priority;

	@Enumerated(EnumType.STRING)
	@Column(name = "questions_status", nullable = false, length = 20)
	private Enums.QuestionsStatus questionsStatus;

	@Column(name = "questions_failure", columnDefinition = "TEXT")
	private String questionsFailure;

	@Column(nullable = false)
	private int position;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	@Column(name = "updated_at", nullable = false)
	private long updatedAt;

	protected Skill() {
	}

	Skill(String recordId, SkillData data, int position, Instant now) {
		this.id = UUID.randomUUID().toString();
		this.recordId = recordId;
		this.position = position;
		this.questionsStatus = Enums.QuestionsStatus.NONE;
		this.createdAt = now.toEpochMilli();
		update(data, now);
	}

	void update(SkillData data, Instant now) {
		this.name = data.name().strip();
		this.level = data.level();
		this.requirement = data.requirement();
		this.category = data.category();
		this.numQuestions = data.numQuestions();
		this.difficulty = data.difficulty();
		this.priority = data.priority();
		this.updatedAt = now.toEpochMilli();
	}

	void generating(Instant now) {
		this.questionsStatus = Enums.QuestionsStatus.GENERATING;
		this.questionsFailure = null;
		this.updatedAt = now.toEpochMilli();
	}

	void generated(Instant now) {
		this.questionsStatus = Enums.QuestionsStatus.READY;
		this.questionsFailure = null;
		this.updatedAt = now.toEpochMilli();
	}

	void generationFailed(String reason, Instant now) {
		this.questionsStatus = Enums.QuestionsStatus.FAILED;
		this.questionsFailure = reason;
		this.updatedAt = now.toEpochMilli();
	}

	String id() {
		return this.id;
	}

	String recordId() {
		return this.recordId;
	}

	SkillData data() {
		return new SkillData(this.name, this.level, this.requirement, this.category, this.numQuestions, this.difficulty,
				this.priority);
	}

	Enums.QuestionsStatus questionsStatus() {
		return this.questionsStatus;
	}

	String questionsFailure() {
		return this.questionsFailure;
	}

	int position() {
		return this.position;
	}

}
