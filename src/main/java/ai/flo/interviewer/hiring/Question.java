package ai.flo.interviewer.hiring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import ai.flo.interviewer.shared.Columns;

/** An interview question for one skill, with the answer a strong candidate would give. */
class Question {

	private String id;

	private String skillId;

	private QuestionContent content;

	private int position;

	private long createdAt;

	/** 1 liked, -1 disliked, null not rated. */
	private Integer liked;

	private String feedback;

	private int version;

	private Question() {
	}

	/** The row its repository read. */
	static Question read(ResultSet rs) throws SQLException {
		Question row = new Question();
		row.id = rs.getString("id");
		row.skillId = rs.getString("skill_id");
		row.position = rs.getInt("position");
		row.createdAt = rs.getLong("created_at");
		row.liked = Columns.nullableInt(rs, "liked");
		row.feedback = rs.getString("feedback");
		row.version = rs.getInt("version");
		row.content = QuestionContent.read(rs);
		return row;
	}

	/** Its columns by name, for its repository's insert and update. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", this.id);
		columns.put("skill_id", this.skillId);
		columns.put("position", this.position);
		columns.put("created_at", this.createdAt);
		columns.put("liked", this.liked);
		columns.put("feedback", this.feedback);
		columns.put("version", this.version);
		columns.putAll(this.content.columns());
		return columns;
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
