package ai.flo.interviewer.hiring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A skill a job record asks for, and where question generation for it stands. */
class Skill {

	private String id;

	private String recordId;

	private String name;

	private SkillLevel level;

	private Enums.Requirement requirement;

	private Enums.Category category;

	private int numQuestions;

	private Enums.Difficulty difficulty;

	private int priority;

	private Enums.QuestionsStatus questionsStatus;

	private String questionsFailure;

	private int position;

	private long createdAt;

	private long updatedAt;

	private Skill() {
	}

	/** The row its repository read. */
	static Skill read(ResultSet rs) throws SQLException {
		Skill row = new Skill();
		row.id = rs.getString("id");
		row.recordId = rs.getString("record_id");
		row.name = rs.getString("name");
		row.level = SkillLevel.valueOf(rs.getString("level"));
		row.requirement = Enums.Requirement.valueOf(rs.getString("requirement"));
		row.category = Enums.Category.valueOf(rs.getString("category"));
		row.numQuestions = rs.getInt("num_questions");
		row.difficulty = Enums.Difficulty.valueOf(rs.getString("difficulty"));
		row.priority = rs.getInt("priority");
		row.questionsStatus = Enums.QuestionsStatus.valueOf(rs.getString("questions_status"));
		row.questionsFailure = rs.getString("questions_failure");
		row.position = rs.getInt("position");
		row.createdAt = rs.getLong("created_at");
		row.updatedAt = rs.getLong("updated_at");
		return row;
	}

	/** Its columns by name, for its repository's insert and update. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", this.id);
		columns.put("record_id", this.recordId);
		columns.put("name", this.name);
		columns.put("level", this.level.name());
		columns.put("requirement", this.requirement.name());
		columns.put("category", this.category.name());
		columns.put("num_questions", this.numQuestions);
		columns.put("difficulty", this.difficulty.name());
		columns.put("priority", this.priority);
		columns.put("questions_status", this.questionsStatus.name());
		columns.put("questions_failure", this.questionsFailure);
		columns.put("position", this.position);
		columns.put("created_at", this.createdAt);
		columns.put("updated_at", this.updatedAt);
		return columns;
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
