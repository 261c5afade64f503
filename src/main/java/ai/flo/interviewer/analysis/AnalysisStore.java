package ai.flo.interviewer.analysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The analysis tables, through plain SQL. */
@Component
class AnalysisStore {

	enum Status {

		QUEUED, PROCESSING, COMPLETED, FAILED;

		boolean finished() {
			return this == COMPLETED || this == FAILED;
		}

	}

	enum Kind {

		RECORDING, TRANSCRIPT, SESSION

	}

	/** One analysis row. */
	record Analysis(String id, Status status, String stage, int percent, String error, Kind kind, String fileName,
			String storedPath, Long sizeBytes, String mediaFormat, Long durationMs, List<String> skills, String jobRole,
			String recordId, String sessionId, int run, long createdAt, long updatedAt) {
	}

	/** One chunk of a recording; {@code segments} is null until it is transcribed. */
	record Chunk(int index, long startMs, long endMs, String path, long sizeBytes, String segments, String prompt) {

		boolean transcribed() {
			return this.segments != null;
		}

	}

	/** The stitched (or server-written) transcript of an analysis. */
	record StoredTranscript(List<AnalysisReport.Segment> segments, boolean timed, boolean speakersKnown) {
	}

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final TypeReference<List<AnalysisReport.Segment>> SEGMENTS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	AnalysisStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	@Transactional
	void insert(Analysis a) {
		this.jdbc
			.sql("""
					INSERT INTO analyses (id, status, stage, percent, error, source_kind, file_name, stored_path, size_bytes,
					  media_format, duration_ms, skills, job_role, record_id, session_id, run, created_at, updated_at)
					VALUES (:id, :status, :stage, :percent, :error, :kind, :fileName, :storedPath, :size, :format, :duration,
					  :skills, :role, :record, :session, :run, :created, :updated)""")
			.param("id", a.id())
			.param("status", a.status().name())
			.param("stage", a.stage())
			.param("percent", a.percent())
			.param("error", a.error())
			.param("kind", a.kind().name())
			.param("fileName", a.fileName())
			.param("storedPath", a.storedPath())
			.param("size", a.sizeBytes())
			.param("format", a.mediaFormat())
			.param("duration", a.durationMs())
			.param("skills", this.json.writeValueAsString(a.skills()))
			.param("role", a.jobRole())
			.param("record", a.recordId())
			.param("session", a.sessionId())
			.param("run", a.run())
			.param("created", a.createdAt())
			.param("updated", a.updatedAt())
			.update();
	}

	Optional<Analysis> find(String id) {
		return this.jdbc.sql("SELECT * FROM analyses WHERE id = :id").param("id", id).query(this::analysis).optional();
	}

	Optional<Analysis> findBySession(String sessionId) {
		return this.jdbc.sql("SELECT * FROM analyses WHERE session_id = :id")
			.param("id", sessionId)
			.query(this::analysis)
			.optional();
	}

	/** What a list of analyses is narrowed to; a {@code null} field does not narrow. */
	record Filter(Status status, String sessionId, String recordId) {
	}

	List<Analysis> list(Filter filter, int limit, int offset) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		if (filter.status() != null) {
			where.append(" AND status = :status");
		}
		if (filter.sessionId() != null) {
			where.append(" AND session_id = :session");
		}
		if (filter.recordId() != null) {
			where.append(" AND record_id = :record");
		}
		JdbcClient.StatementSpec query = this.jdbc
			.sql("SELECT * FROM analyses" + where + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
			.param("limit", limit)
			.param("offset", offset);
		if (filter.status() != null) {
			query = query.param("status", filter.status().name());
		}
		if (filter.sessionId() != null) {
			query = query.param("session", filter.sessionId());
		}
		if (filter.recordId() != null) {
			query = query.param("record", filter.recordId());
		}
		return query.query(this::analysis).list();
	}

	/**
	 * Records progress unless the analysis has finished (a late writer cannot undo a
	 * failure).
	 */
	void progress(String id, String stage, int percent) {
		this.jdbc.sql("""
				UPDATE analyses SET status = 'PROCESSING', stage = :stage, percent = :percent, updated_at = :now
				WHERE id = :id AND status IN ('QUEUED', 'PROCESSING')""")
			.param("id", id)
			.param("stage", stage)
			.param("percent", Math.max(0, Math.min(100, percent)))
			.param("now", this.clock.millis())
			.update();
	}

	void failed(String id, String stage, String reason) {
		this.jdbc.sql("""
				UPDATE analyses SET status = 'FAILED', stage = :stage, error = :error, updated_at = :now
				WHERE id = :id AND status <> 'COMPLETED'""")
			.param("id", id)
			.param("stage", stage)
			.param("error", (reason.length() > 2000) ? reason.substring(0, 2000) : reason)
			.param("now", this.clock.millis())
			.update();
	}

	/**
	 * A failed run's job was put back in the queue by hand: the same run is in progress
	 * again.
	 * @return whether it was reopened (it is this run, and FAILED)
	 */
	boolean reopen(String id, int run) {
		return this.jdbc.sql("""
				UPDATE analyses SET status = 'QUEUED', stage = 'queued', error = NULL, updated_at = :now
				WHERE id = :id AND run = :run AND status = 'FAILED'""")
			.param("id", id)
			.param("run", run)
			.param("now", this.clock.millis())
			.update() == 1;
	}

	void mediaDetails(String id, long durationMs) {
		this.jdbc.sql("UPDATE analyses SET duration_ms = :d, updated_at = :now WHERE id = :id")
			.param("id", id)
			.param("d", durationMs)
			.param("now", this.clock.millis())
			.update();
	}

	/**
	 * Starts the next run: only when the analysis is not running.
	 * @return whether it was started
	 */
	@Transactional
	boolean nextRun(String id, int expectedRun, Runnable enqueue) {
		boolean started = this.jdbc.sql("""
				UPDATE analyses SET run = run + 1, status = 'QUEUED', stage = 'queued', percent = 0, error = NULL,
				  updated_at = :now
				WHERE id = :id AND run = :run AND status IN ('COMPLETED', 'FAILED')""")
			.param("id", id)
			.param("run", expectedRun)
			.param("now", this.clock.millis())
			.update() == 1;
		if (started) {
			enqueue.run();
		}
		return started;
	}

	@Transactional
	void saveChunks(String id, List<Chunk> chunks) {
		this.jdbc.sql("DELETE FROM analysis_chunks WHERE analysis_id = :id").param("id", id).update();
		for (Chunk chunk : chunks) {
			this.jdbc.sql("""
					INSERT INTO analysis_chunks (analysis_id, idx, start_ms, end_ms, path, size_bytes)
					VALUES (:id, :idx, :start, :end, :path, :size)""")
				.param("id", id)
				.param("idx", chunk.index())
				.param("start", chunk.startMs())
				.param("end", chunk.endMs())
				.param("path", chunk.path())
				.param("size", chunk.sizeBytes())
				.update();
		}
	}

	List<Chunk> chunks(String id) {
		return this.jdbc.sql("""
				SELECT idx, start_ms, end_ms, path, size_bytes, segments, prompt FROM analysis_chunks
				WHERE analysis_id = :id ORDER BY idx""")
			.param("id", id)
			.query((rs, row) -> new Chunk(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
					rs.getString(6), rs.getString(7)))
			.list();
	}

	void chunkTranscribed(String id, int index, String segments, String prompt) {
		this.jdbc.sql("""
				UPDATE analysis_chunks SET segments = :segments, prompt = :prompt, transcribed_at = :now
				WHERE analysis_id = :id AND idx = :idx""")
			.param("id", id)
			.param("idx", index)
			.param("segments", segments)
			.param("prompt", prompt)
			.param("now", this.clock.millis())
			.update();
	}

	@Transactional
	void saveTranscript(String id, StoredTranscript transcript) {
		this.jdbc.sql("DELETE FROM analysis_transcripts WHERE analysis_id = :id").param("id", id).update();
		this.jdbc.sql("""
				INSERT INTO analysis_transcripts (analysis_id, segments, timed, speakers_known, created_at)
				VALUES (:id, :segments, :timed, :speakers, :now)""")
			.param("id", id)
			.param("segments", this.json.writeValueAsString(transcript.segments()))
			.param("timed", transcript.timed() ? 1 : 0)
			.param("speakers", transcript.speakersKnown() ? 1 : 0)
			.param("now", this.clock.millis())
			.update();
	}

	Optional<StoredTranscript> transcript(String id) {
		return this.jdbc.sql("SELECT segments, timed, speakers_known FROM analysis_transcripts WHERE analysis_id = :id")
			.param("id", id)
			.query((rs, row) -> new StoredTranscript(this.json.readValue(rs.getString(1), SEGMENTS), rs.getInt(2) == 1,
					rs.getInt(3) == 1))
			.optional();
	}

	Optional<String> step(String id, int run, String step) {
		return this.jdbc
			.sql("SELECT result FROM analysis_steps WHERE analysis_id = :id AND run = :run AND step = :step")
			.param("id", id)
			.param("run", run)
			.param("step", step)
			.query(String.class)
			.optional();
	}

	void saveStep(String id, int run, String step, String result) {
		this.jdbc
			.sql("""
					INSERT INTO analysis_steps (analysis_id, run, step, result, completed_at) VALUES (:id, :run, :step, :result, :now)""")
			.param("id", id)
			.param("run", run)
			.param("step", step)
			.param("result", result)
			.param("now", this.clock.millis())
			.update();
	}

	/** Stores a run's report and completes the analysis, in one transaction. */
	@Transactional
	void completed(String id, int run, String report) {
		this.jdbc.sql("DELETE FROM analysis_results WHERE analysis_id = :id AND run = :run")
			.param("id", id)
			.param("run", run)
			.update();
		this.jdbc.sql(
				"INSERT INTO analysis_results (analysis_id, run, report, completed_at) VALUES (:id, :run, :report, :now)")
			.param("id", id)
			.param("run", run)
			.param("report", report)
			.param("now", this.clock.millis())
			.update();
		this.jdbc.sql("""
				UPDATE analyses SET status = 'COMPLETED', stage = 'done', percent = 100, error = NULL, updated_at = :now
				WHERE id = :id AND run = :run""")
			.param("id", id)
			.param("run", run)
			.param("now", this.clock.millis())
			.update();
	}

	/** The report of a run, or of the latest completed run when {@code run} is null. */
	Optional<String> report(String id, Integer run) {
		if (run != null) {
			return this.jdbc.sql("SELECT report FROM analysis_results WHERE analysis_id = :id AND run = :run")
				.param("id", id)
				.param("run", run)
				.query(String.class)
				.optional();
		}
		return this.jdbc.sql("SELECT report FROM analysis_results WHERE analysis_id = :id ORDER BY run DESC LIMIT 1")
			.param("id", id)
			.query(String.class)
			.optional();
	}

	List<Integer> runs(String id) {
		return this.jdbc.sql("SELECT run FROM analysis_results WHERE analysis_id = :id ORDER BY run")
			.param("id", id)
			.query(Integer.class)
			.list();
	}

	void saveLink(String digest, String analysisId, long expiresAt) {
		this.jdbc
			.sql("""
					INSERT INTO report_links (token_digest, analysis_id, expires_at, created_at) VALUES (:d, :a, :e, :now)""")
			.param("d", digest)
			.param("a", analysisId)
			.param("e", expiresAt)
			.param("now", this.clock.millis())
			.update();
	}

	Optional<String> linkedAnalysis(String digest) {
		return this.jdbc.sql("SELECT analysis_id FROM report_links WHERE token_digest = :d AND expires_at > :now")
			.param("d", digest)
			.param("now", this.clock.millis())
			.query(String.class)
			.optional();
	}

	void saveComparison(String id, String analysisId, int run, String evaluation, String result) {
		this.jdbc.sql("""
				INSERT INTO analysis_comparisons (id, analysis_id, run, evaluation, result, created_at)
				VALUES (:id, :a, :run, :evaluation, :result, :now)""")
			.param("id", id)
			.param("a", analysisId)
			.param("run", run)
			.param("evaluation", evaluation)
			.param("result", result)
			.param("now", this.clock.millis())
			.update();
	}

	private Analysis analysis(ResultSet rs, int row) throws SQLException {
		return new Analysis(rs.getString("id"), Status.valueOf(rs.getString("status")), rs.getString("stage"),
				rs.getInt("percent"), rs.getString("error"), Kind.valueOf(rs.getString("source_kind")),
				rs.getString("file_name"), rs.getString("stored_path"), nullableLong(rs, "size_bytes"),
				rs.getString("media_format"), nullableLong(rs, "duration_ms"),
				this.json.readValue(rs.getString("skills"), STRINGS), rs.getString("job_role"),
				rs.getString("record_id"), rs.getString("session_id"), rs.getInt("run"), rs.getLong("created_at"),
				rs.getLong("updated_at"));
	}

	private static Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

}
