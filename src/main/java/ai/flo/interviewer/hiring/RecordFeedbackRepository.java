package ai.flo.interviewer.hiring;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code record_feedback}: written once, never changed. */
@Repository
class RecordFeedbackRepository {

	private final JdbcClient jdbc;

	RecordFeedbackRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<RecordFeedback> findByRecordIdOrderByCreatedAt(String recordId) {
		return this.jdbc.sql("SELECT * FROM record_feedback WHERE record_id = :record ORDER BY created_at, id")
			.param("record", recordId)
			.query((rs, row) -> RecordFeedback.read(rs))
			.list();
	}

	RecordFeedback save(RecordFeedback feedback) {
		this.jdbc.sql("""
				INSERT INTO record_feedback (id, record_id, text, created_at)
				VALUES (:id, :record_id, :text, :created_at)""").params(feedback.columns()).update();
		return feedback;
	}

}
