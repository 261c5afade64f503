package ai.flo.interviewer.hiring;

import java.util.List;
import java.util.Optional;

import ai.flo.interviewer.shared.Rows;

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
		Rows.upsert(this.jdbc, "skills", skill.columns());
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
