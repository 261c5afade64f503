package ai.flo.interviewer.interview;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.flo.interviewer.privacy.RetentionDue;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.shared.Orphans;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the retention sweep removes of sessions: recordings past
 * {@code FLO_RETENTION_DAYS} after the interview ended, whole sessions (with their
 * analyses) past {@code FLO_RETENTION_TRANSCRIPT_DAYS}, and the folders of sessions that
 * are gone.
 */
@Component
class SessionRetention {

	private final JdbcClient jdbc;

	private final InterviewErasure erasure;

	private final DataFolders folders;

	SessionRetention(JdbcClient jdbc, InterviewErasure erasure, DataFolders folders) {
		this.jdbc = jdbc;
		this.erasure = erasure;
		this.folders = folders;
	}

	@EventListener
	void due(RetentionDue due) {
		if (due.mediaBefore() != null) {
			int recordings = 0;
			for (String id : this.jdbc.sql("SELECT id FROM interview_sessions WHERE ended_at < :before")
				.param("before", due.mediaBefore().toEpochMilli())
				.query(String.class)
				.list()) {
				Path recording = this.folders.sessionRecording(id);
				if (Files.exists(recording)) {
					due.erasure().files(recording);
					recordings++;
				}
			}
			due.erasure().rows("recordings past retention", recordings);
		}
		if (due.recordsBefore() != null) {
			this.erasure.sessions(this.jdbc
				.sql("SELECT id FROM interview_sessions WHERE COALESCE(ended_at, created_at) < :before "
						+ "AND status NOT IN ('CREATED', 'LIVE')")
				.param("before", due.recordsBefore().toEpochMilli())
				.query(String.class)
				.list(), due.erasure());
		}
		// A session's folder (a recording, or transcript rows the interviewer could not
		// write: a session erased while its agent still ran) whose session is gone.
		Orphans.in(this.folders.interviewData(), due.orphansBefore(), (entry) -> {
			String id = entry.getFileName().toString();
			return (Files.exists(this.folders.sessionRecording(id))
					|| Files.exists(this.folders.sessionUnwrittenTranscript(id))) && !exists(id);
		}).forEach(due.erasure()::files);
	}

	private boolean exists(String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM interview_sessions WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.single() > 0;
	}

}
