package ai.flo.interviewer.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The base folder ({@code FLO_HOME}: the working directory by default, {@code /app} in
 * the image) and the data folders under it, as in the original's layout.
 *
 * @param home the base folder
 */
@Validated
@ConfigurationProperties("flo.data")
public record DataFolders(@NotBlank String home) {

	public static final List<String> NAMES = List.of("logs", "uploads", "interview_data", "user_uploads",
			"transcriptions");

	public Path base() {
		return Path.of(this.home).toAbsolutePath().normalize();
	}

	public Path logs() {
		return base().resolve("logs");
	}

	public Path uploads() {
		return base().resolve("uploads");
	}

	public Path interviewData() {
		return base().resolve("interview_data");
	}

	/**
	 * A session's recording: written by the voice interviewer as the interview runs (a
	 * stereo WAV, interviewer left, candidate right), read by its analysis when the
	 * session has no transcript.
	 */
	public Path sessionRecording(String sessionId) {
		return interviewData().resolve(sessionId).resolve("recording.wav");
	}

	/**
	 * The rows of a session's transcript that could not be written to the database while
	 * the interview ran (one JSON object a line), kept until they are merged into it.
	 * Beside the recording, so that the session's erasure deletes them with it.
	 */
	public Path sessionUnwrittenTranscript(String sessionId) {
		return interviewData().resolve(sessionId).resolve("transcript-unwritten.jsonl");
	}

	public Path userUploads() {
		return base().resolve("user_uploads");
	}

	public Path transcriptions() {
		return base().resolve("transcriptions");
	}

	/**
	 * Creates the folders and proves each is writable by writing to it (permission bits
	 * say nothing when running as root or on a read-only mount).
	 * @throws ConfigurationException naming the folder that cannot be used
	 */
	public void prepare() {
		for (String name : NAMES) {
			Path folder = base().resolve(name);
			try {
				Files.createDirectories(folder);
				Path probe = Files.createTempFile(folder, ".write-check", ".tmp");
				Files.delete(probe);
			}
			catch (IOException | SecurityException ex) {
				throw new ConfigurationException("FLO_HOME",
						"the data folder " + folder + " cannot be created or written (" + ex + ").",
						"Point FLO_HOME at a folder this user (" + System.getProperty("user.name")
								+ ") can write, or fix the ownership of " + folder
								+ " (in the image: a volume mounted on /app/" + name
								+ " must be writable by uid 1000).");
			}
		}
	}

}
