package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.shared.DataFolders;

import org.springframework.stereotype.Component;

/**
 * The files an analysis leaves beside the database:
 * {@code transcriptions/<id>/transcript.json}, {@code .srt} and {@code .vtt}, and
 * {@code interview_data/<id>/analysis.json}. Each is written to a temporary file and
 * moved into place, so a reader never sees half a file.
 */
@Component
class ReportFiles {

	private final DataFolders folders;

	private final JsonMapper json;

	ReportFiles(DataFolders folders, JsonMapper json) {
		this.folders = folders;
		this.json = json;
	}

	Path transcriptFolder(String id) {
		return this.folders.transcriptions().resolve(id);
	}

	Path reportFile(String id) {
		return this.folders.interviewData().resolve(id).resolve("analysis.json");
	}

	void transcript(String id, List<AnalysisReport.Segment> segments, boolean timed) {
		Path folder = transcriptFolder(id);
		write(folder.resolve("transcript.json"), this.json.writerWithDefaultPrettyPrinter()
			.writeValueAsString(java.util.Map.of("analysisId", id, "timed", timed, "segments", segments)));
		if (timed) {
			write(folder.resolve("transcript.srt"), Timeline.srt(segments));
			write(folder.resolve("transcript.vtt"), Timeline.vtt(segments));
		}
	}

	void report(String id, String reportJson) {
		write(reportFile(id),
				this.json.writerWithDefaultPrettyPrinter().writeValueAsString(this.json.readTree(reportJson)));
	}

	private static void write(Path file, String content) {
		try {
			Files.createDirectories(file.getParent());
			Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not write " + file, ex);
		}
	}

}
