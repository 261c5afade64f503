package ai.flo.interviewer.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.flo.interviewer.privacy.RetentionDue;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.shared.Orphans;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the retention sweep removes of analyses: uploaded media (the file and its chunks)
 * past {@code FLO_RETENTION_DAYS}, whole analyses past
 * {@code FLO_RETENTION_TRANSCRIPT_DAYS} (those of sessions go with their session), and
 * files that belong to no analysis any more: interrupted uploads, folders of analyses
 * that are gone.
 */
@Component
class AnalysisRetention {

	private final JdbcClient jdbc;

	private final AnalysisErasure erasure;

	private final DataFolders folders;

	AnalysisRetention(JdbcClient jdbc, AnalysisErasure erasure, DataFolders folders) {
		this.jdbc = jdbc;
		this.erasure = erasure;
		this.folders = folders;
	}

	@EventListener
	void due(RetentionDue due) {
		if (due.mediaBefore() != null) {
			int uploads = 0;
			for (String id : this.jdbc
				.sql("SELECT id FROM analyses WHERE created_at < :before AND stored_path IS NOT NULL")
				.param("before", due.mediaBefore().toEpochMilli())
				.query(String.class)
				.list()) {
				Path upload = this.folders.uploads().resolve(id);
				if (Files.exists(upload)) {
					due.erasure().files(upload);
					uploads++;
				}
			}
			due.erasure().rows("uploads past retention", uploads);
		}
		if (due.recordsBefore() != null) {
			for (String id : this.jdbc.sql("SELECT id FROM analyses WHERE created_at < :before AND session_id IS NULL")
				.param("before", due.recordsBefore().toEpochMilli())
				.query(String.class)
				.list()) {
				this.erasure.analysis(id, due.erasure());
			}
		}
		Orphans.in(this.folders.uploads().resolve(".incoming"), due.orphansBefore(), (file) -> true)
			.forEach(due.erasure()::files);
		for (Path folder : List.of(this.folders.uploads(), this.folders.transcriptions())) {
			Orphans
				.in(folder, due.orphansBefore(),
						(entry) -> Files.isDirectory(entry) && isAnalysisId(entry)
								&& !exists(entry.getFileName().toString()))
				.forEach(due.erasure()::files);
		}
		Orphans
			.in(this.folders.interviewData(), due.orphansBefore(),
					(entry) -> Files.exists(entry.resolve("analysis.json")) && !exists(entry.getFileName().toString()))
			.forEach(due.erasure()::files);
	}

	private static boolean isAnalysisId(Path entry) {
		return entry.getFileName().toString().matches("[0-9a-f-]{36}");
	}

	private boolean exists(String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM analyses WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.single() > 0;
	}

}
