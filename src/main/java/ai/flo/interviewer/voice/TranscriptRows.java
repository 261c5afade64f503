package ai.flo.interviewer.voice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.interview.SessionTranscripts;
import ai.flo.interviewer.shared.LogContext;

/**
 * Writes the rows of one session's transcript on a thread of its own, one after another
 * in the order they were given (so the transcript's order is the conversation's), off the
 * turn's path: the candidate's words go to the LLM without waiting for the database. A
 * row that cannot be written is tried again ({@value #ATTEMPTS} times in all), then kept
 * in the session's folder ({@link SessionTranscripts#spill}), and the rows after it are
 * still written. The log says which row and where it is kept, never its words: the logs
 * outlive a candidate's erasure, the session's folder does not. Its words are lost only
 * when that file cannot be written either, and the error says so. {@link #close()} waits
 * for every row given, then merges the rows kept into the transcript if the database
 * takes them now (else the session's analysis does).
 */
final class TranscriptRows implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TranscriptRows.class);

	static final int ATTEMPTS = 3;

	/** The longest {@link #close()} waits for the rows still to be written. */
	private static final long CLOSE_WAIT_SECONDS = 30;

	private final SessionTranscripts transcripts;

	private final String sessionId;

	private final long retryMillis;

	private final ExecutorService writer;

	TranscriptRows(SessionTranscripts transcripts, String sessionId) {
		this(transcripts, sessionId, 200);
	}

	TranscriptRows(SessionTranscripts transcripts, String sessionId, long retryMillis) {
		this.transcripts = transcripts;
		this.sessionId = sessionId;
		this.retryMillis = retryMillis;
		// One thread, in order; it ends when idle and starts again for the next row.
		ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				LogContext.threads("transcript-" + sessionId, true));
		executor.allowCoreThreadTimeOut(true);
		this.writer = executor;
	}

	/** Queues one row; it is written after every row queued before it. */
	void append(String speaker, String text, long startMs, long endMs) {
		this.writer.execute(LogContext.carried(() -> write(speaker, text, startMs, endMs)));
	}

	private void write(String speaker, String text, long startMs, long endMs) {
		for (int attempt = 1;; attempt++) {
			try {
				this.transcripts.append(this.sessionId, speaker, text, startMs, endMs);
				return;
			}
			catch (RuntimeException ex) {
				if (attempt >= ATTEMPTS) {
					keep(speaker, text, startMs, endMs, ex);
					return;
				}
				log.warn("Session {}: the transcript row of the {} could not be written (attempt {}): {}",
						this.sessionId, speaker, attempt, ex.toString());
				try {
					Thread.sleep(this.retryMillis * attempt);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	/** The row is kept in the session's folder; the log gets everything but its words. */
	private void keep(String speaker, String text, long startMs, long endMs, RuntimeException ex) {
		try {
			Path file = this.transcripts.spill(this.sessionId, speaker, text, startMs, endMs);
			log.error(
					"Session {}: the transcript row of the {} at {}-{} ms could not be written ({}); it is kept in {} "
							+ "to be merged into the transcript",
					this.sessionId, speaker, startMs, endMs, ex.toString(), file, ex);
		}
		catch (IOException | RuntimeException keeping) {
			log.error(
					"Session {}: the transcript row of the {} at {}-{} ms could not be written ({}) nor kept in the "
							+ "session's folder ({}): its words are lost",
					this.sessionId, speaker, startMs, endMs, ex.toString(), keeping.toString(), ex);
		}
	}

	/**
	 * Waits until every row given has been written (or kept in the session's folder),
	 * then merges the rows kept, by this writer or an agent before it, into the
	 * transcript; if the database still refuses them they wait for the analysis.
	 */
	@Override
	public void close() throws InterruptedException {
		this.writer.shutdown();
		if (!this.writer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
			log.error("Session {}: transcript rows were still being written after {} s", this.sessionId,
					CLOSE_WAIT_SECONDS);
			return;
		}
		try {
			this.transcripts.mergeUnwritten(this.sessionId);
		}
		catch (RuntimeException ex) {
			log.warn("Session {}: the transcript rows kept in its folder could not be merged yet ({}); "
					+ "they stay in its folder for its analysis to merge", this.sessionId, ex.toString());
		}
	}

}
