package ai.flo.interviewer.hiring;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code question_versions}: a question's history, never changed. */
@Repository
class QuestionVersionRepository {

	private final JdbcClient jdbc;

	QuestionVersionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<QuestionVersion> findByQuestionIdOrderByVersion(String questionId) {
		return this.jdbc.sql("SELECT * FROM question_versions WHERE question_id = :question ORDER BY version, id")
			.param("question", questionId)
			.query((rs, row) -> QuestionVersion.read(rs))
			.list();
	}

	QuestionVersion save(QuestionVersion version) {
		this.jdbc.sql("""
				INSERT INTO question_versions (id, question_id, version, liked, feedback, replaced_because, created_at,
				  replaced_at, question, ideal_answer, format, difficulty, coding)
				VALUES (:id, :question_id, :version, :liked, :feedback, :replaced_because, :created_at,
				  :replaced_at, :question, :ideal_answer, :format, :difficulty, :coding)""")
			.params(version.columns())
			.update();
		return version;
	}

}
