package ai.flo.interviewer.hiring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A recruiter's feedback on a record's questions as a whole, used by later generations.
 */
class RecordFeedback {

	private String id;

	private String recordId;

	private String text;

	private long createdAt;

	private RecordFeedback() {
	}

	/** The row its repository read. */
	static RecordFeedback read(ResultSet rs) throws SQLException {
		RecordFeedback row = new RecordFeedback();
		row.id = rs.getString("id");
		row.recordId = rs.getString("record_id");
		row.text = rs.getString("text");
		row.createdAt = rs.getLong("created_at");
		return row;
	}

	/** Its columns by name, for its repository's insert and update. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", this.id);
		columns.put("record_id", this.recordId);
		columns.put("text", this.text);
		columns.put("created_at", this.createdAt);
		return columns;
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
