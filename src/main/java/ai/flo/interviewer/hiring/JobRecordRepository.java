package ai.flo.interviewer.hiring;

import java.util.List;
import java.util.Optional;

import ai.flo.interviewer.shared.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code job_records}. */
@Repository
class JobRecordRepository {

	private final JdbcClient jdbc;

	JobRecordRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<JobRecord> findById(String id) {
		return this.jdbc.sql("SELECT * FROM job_records WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> JobRecord.read(rs))
			.optional();
	}

	/** The newest records first, at most {@code limit}. */
	List<JobRecord> findAllByOrderByCreatedAtDesc(int limit) {
		return this.jdbc.sql("SELECT * FROM job_records ORDER BY created_at DESC, id LIMIT :limit")
			.param("limit", limit)
			.query((rs, row) -> JobRecord.read(rs))
			.list();
	}

	/** Inserts the record, or updates every column of it when it exists. */
	JobRecord save(JobRecord record) {
		Rows.upsert(this.jdbc, "job_records", record.columns());
		return record;
	}

	/**
	 * Deletes the record; its skills, questions, feedback and interviews go with it (the
	 * schema's {@code ON DELETE CASCADE}).
	 */
	void delete(JobRecord record) {
		this.jdbc.sql("DELETE FROM job_records WHERE id = :id").param("id", record.id()).update();
	}

}
