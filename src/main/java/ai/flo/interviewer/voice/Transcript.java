package ai.flo.interviewer.voice;

/**
 * What was said, by whom and when, goes here: a row of the session's transcript (the
 * record, written off the turn's path in the order given: {@link TranscriptRows}), and
 * the live caption of it in the room ({@link Transcriptions}: LiveKit's
 * {@code lk.transcription} streams). The agent's words are captioned as they play (the
 * {@link Speaker} tells the {@link Transcriptions} sentence by sentence); here their
 * caption is made final once the turn is over. Times are milliseconds from the start of
 * the interview.
 */
final class Transcript {

	private final TranscriptRows rows;

	private final Transcriptions captions;

	Transcript(TranscriptRows rows, Transcriptions captions) {
		this.rows = rows;
		this.captions = captions;
	}

	/** The candidate's words so far, while their turn may still go on: a caption only. */
	void candidateSoFar(String text) {
		this.captions.candidate(text, false);
	}

	void candidate(String text, long startMs, long endMs) {
		this.rows.append("candidate", text, startMs, endMs);
		this.captions.candidate(text, true);
	}

	/** A turn of the agent's, once its audio has played. */
	void interviewer(String text, long startMs, long endMs) {
		this.rows.append("interviewer", text, startMs, endMs);
		this.captions.agentDone();
	}

}
