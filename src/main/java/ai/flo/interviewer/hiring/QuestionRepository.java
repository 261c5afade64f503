package ai.flo.interviewer.hiring;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import ai.flo.interviewer.shared.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code questions}. */
@Repository
class QuestionRepository {

	private final JdbcClient jdbc;

	QuestionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Question> findById(String id) {
		return this.jdbc.sql("SELECT * FROM questions WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> Question.read(rs))
			.optional();
	}

	/** The questions of the skills, by position (ties: by skill). */
	List<Question> findBySkillIdInOrderByPosition(Collection<String> skillIds) {
		if (skillIds.isEmpty()) {
			// "IN ()" is not SQL.
			return List.of();
		}
		return this.jdbc.sql("SELECT * FROM questions WHERE skill_id IN (:skills) ORDER BY position, skill_id, id")
			.param("skills", List.copyOf(skillIds))
			.query((rs, row) -> Question.read(rs))
			.list();
	}

	/** Inserts the question, or updates every column of it when it exists. */
	Question save(Question question) {
		Rows.upsert(this.jdbc, "questions", question.columns());
		return question;
	}

	/**
	 * Deletes the skill's questions; their history goes with them (ON DELETE CASCADE).
	 */
	void deleteBySkillId(String skillId) {
		this.jdbc.sql("DELETE FROM questions WHERE skill_id = :skill").param("skill", skillId).update();
	}

}
