package ai.flo.interviewer.analysis;

import java.util.List;

import ai.flo.interviewer.hiring.RecordErasing;
import ai.flo.interviewer.interview.SessionsErasing;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.shared.Erasure;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes analyses with everything they hold: their jobs are cancelled first, then the
 * rows (chunks, transcript, steps, reports of every run, share links, comparisons,
 * fairness checks) and the files (the upload and its chunks in {@code uploads/<id>/}, the
 * transcript files in {@code transcriptions/<id>/}, the report in
 * {@code interview_data/<id>/}). Analyses of a session or a record being deleted go with
 * them.
 */
@Component
class AnalysisErasure {

	private static final List<String> TABLES = List.of("fairness_checks", "analysis_comparisons", "report_links",
			"analysis_results", "analysis_steps", "analysis_transcripts", "analysis_chunks");

	private final JdbcClient jdbc;

	private final JobQueue jobs;

	private final DataFolders folders;

	AnalysisErasure(JdbcClient jdbc, JobQueue jobs, DataFolders folders) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.folders = folders;
	}

	@Transactional
	void analysis(String id, Erasure erasure) {
		this.jobs.cancel("analysisId", id);
		for (String table : TABLES) {
			erasure.rows(table.replace('_', ' '),
					this.jdbc.sql("DELETE FROM " + table + " WHERE analysis_id = :id").param("id", id).update());
		}
		int removed = this.jdbc.sql("DELETE FROM analyses WHERE id = :id").param("id", id).update();
		erasure.rows("analyses", removed);
		if (removed > 0) {
			erasure.files(this.folders.uploads().resolve(id));
			erasure.files(this.folders.transcriptions().resolve(id));
			erasure.files(this.folders.interviewData().resolve(id));
		}
	}

	@EventListener
	void sessionsErasing(SessionsErasing event) {
		for (String session : event.sessionIds()) {
			this.jdbc.sql("SELECT id FROM analyses WHERE session_id = :id")
				.param("id", session)
				.query(String.class)
				.list()
				.forEach((id) -> analysis(id, event.erasure()));
		}
	}

	@EventListener
	void recordErasing(RecordErasing event) {
		this.jdbc.sql("SELECT id FROM analyses WHERE record_id = :id")
			.param("id", event.recordId())
			.query(String.class)
			.list()
			.forEach((id) -> analysis(id, event.erasure()));
	}

}
