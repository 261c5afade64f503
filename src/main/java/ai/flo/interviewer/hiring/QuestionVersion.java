package ai.flo.interviewer.hiring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import ai.flo.interviewer.shared.Columns;

/**
 * An earlier version of a question: what it said, how it was rated, why it was replaced.
 */
class QuestionVersion {

	private String id;

	private String questionId;

	private int version;

	private QuestionContent content;

	private Integer liked;

	private String feedback;

	private String replacedBecause;

	private long createdAt;

	private long replacedAt;

	private QuestionVersion() {
	}

	/** The row its repository read. */
	static QuestionVersion read(ResultSet rs) throws SQLException {
		QuestionVersion row = new QuestionVersion();
		row.id = rs.getString("id");
		row.questionId = rs.getString("question_id");
		row.version = rs.getInt("version");
		row.liked = Columns.nullableInt(rs, "liked");
		row.feedback = rs.getString("feedback");
		row.replacedBecause = rs.getString("replaced_because");
		row.createdAt = rs.getLong("created_at");
		row.replacedAt = rs.getLong("replaced_at");
		row.content = QuestionContent.read(rs);
		return row;
	}

	/** Its columns by name, for its repository's insert and update. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", this.id);
		columns.put("question_id", this.questionId);
		columns.put("version", this.version);
		columns.put("liked", this.liked);
		columns.put("feedback", this.feedback);
		columns.put("replaced_because", this.replacedBecause);
		columns.put("created_at", this.createdAt);
		columns.put("replaced_at", this.replacedAt);
		columns.putAll(this.content.columns());
		return columns;
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
