package ai.flo.interviewer.interview;

import java.util.List;
import java.util.Optional;

import ai.flo.interviewer.shared.DatabaseUrl;
import ai.flo.interviewer.shared.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code interviews}. */
@Repository
class InterviewRepository {

	private final JdbcClient jdbc;

	private final String lockClause;

	InterviewRepository(JdbcClient jdbc, DatabaseUrl database) {
		this.jdbc = jdbc;
		// SQLite has no row locks and needs none: every transaction begins IMMEDIATE, so
		// writers take turns (DatabaseConfiguration).
		this.lockClause = (database.kind() == DatabaseUrl.Kind.POSTGRESQL) ? " FOR UPDATE" : "";
	}

	Optional<Interview> findById(String id) {
		return this.jdbc.sql("SELECT * FROM interviews WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> Interview.read(rs))
			.optional();
	}

	/**
	 * The interview, locked until the transaction ends (see
	 * {@link #findByCodeDigestForUpdate}).
	 */
	Optional<Interview> findByIdForUpdate(String id) {
		return this.jdbc.sql("SELECT * FROM interviews WHERE id = :id" + this.lockClause)
			.param("id", id)
			.query((rs, row) -> Interview.read(rs))
			.optional();
	}

	/** The interview a code opens, to look at. */
	Optional<Interview> findByCodeDigest(String codeDigest) {
		return this.jdbc.sql("SELECT * FROM interviews WHERE code_digest = :digest")
			.param("digest", codeDigest)
			.query((rs, row) -> Interview.read(rs))
			.optional();
	}

	/**
	 * The interview a code opens, locked until the transaction ends: a code's uses are
	 * checked and counted by one candidate's join at a time, so a one-use code admits one
	 * candidate however many try at once.
	 */
	Optional<Interview> findByCodeDigestForUpdate(String codeDigest) {
		return this.jdbc.sql("SELECT * FROM interviews WHERE code_digest = :digest" + this.lockClause)
			.param("digest", codeDigest)
			.query((rs, row) -> Interview.read(rs))
			.optional();
	}

	boolean existsByCodeDigest(String codeDigest) {
		return this.jdbc.sql("SELECT COUNT(*) FROM interviews WHERE code_digest = :digest")
			.param("digest", codeDigest)
			.query(Long.class)
			.single() > 0;
	}

	List<Interview> findByRecordIdOrderByCreatedAtDesc(String recordId) {
		return this.jdbc.sql("SELECT * FROM interviews WHERE record_id = :record ORDER BY created_at DESC, id")
			.param("record", recordId)
			.query((rs, row) -> Interview.read(rs))
			.list();
	}

	/** The newest interviews first, at most {@code limit}. */
	List<Interview> findAllByOrderByCreatedAtDesc(int limit) {
		return this.jdbc.sql("SELECT * FROM interviews ORDER BY created_at DESC, id LIMIT :limit")
			.param("limit", limit)
			.query((rs, row) -> Interview.read(rs))
			.list();
	}

	/** Inserts the interview, or updates every column of it when it exists. */
	Interview save(Interview interview) {
		Rows.upsert(this.jdbc, "interviews", interview.columns());
		return interview;
	}

}
