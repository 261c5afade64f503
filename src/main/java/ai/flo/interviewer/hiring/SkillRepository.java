package ai.flo.interviewer.hiring;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code skills}. */
@Repository
class SkillRepository {

	private final JdbcClient jdbc;

	SkillRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Skill> findById(String id) {
		return this.jdbc.sql("SELECT * FROM skills WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> Skill.read(rs))
			.optional();
	}

	List<Skill> findByRecordIdOrderByPosition(String recordId) {
		return this.jdbc.sql("SELECT * FROM skills WHERE record_id = :record ORDER BY position, id")
			.param("record", recordId)
			.query((rs, row) -> Skill.read(rs))
			.list();
	}

	/** Inserts the skill, or updates every column of it when it exists. */
	Skill save(Skill skill) {
		this.jdbc
			.sql("""
					INSERT INTO skills (id, record_id, name, level, requirement, category, num_questions, difficulty, priority,
					  questions_status, questions_failure, position, created_at, updated_at)
					VALUES (:id, :record_id, :name, :level, :requirement, :category, :num_questions, :difficulty, :priority,
					  :questions_status, :questions_failure, :position, :created_at, :updated_at)
					ON CONFLICT (id) DO UPDATE SET record_id = excluded.record_id, name = excluded.name,
					  level = excluded.level, requirement = excluded.requirement, category = excluded.category,
					  num_questions = excluded.num_questions, difficulty = excluded.difficulty, priority = excluded.priority,
					  questions_status = excluded.questions_status, questions_failure = excluded.questions_failure,
					  position = excluded.position, created_at = excluded.created_at, updated_at = excluded.updated_at""")
			.params(skill.columns())
			.update();
		return skill;
	}

	/** Deletes the skill; its questions go with it (the schema's ON DELETE CASCADE). */
	void delete(Skill skill) {
		this.jdbc.sql("DELETE FROM skills WHERE id = :id").param("id", skill.id()).update();
	}

	/** Deletes every skill of the record, with their questions. */
	void deleteByRecordId(String recordId) {
		this.jdbc.sql("DELETE FROM skills WHERE record_id = :record").param("record", recordId).update();
	}

}
