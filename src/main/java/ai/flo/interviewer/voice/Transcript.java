package ai.flo.interviewer.voice;

import ai.flo.interviewer.interview.SessionTranscripts;

/**
 * What was said, by whom and when, goes here: a row of the session's transcript (the
 * record), and the live caption of it in the room ({@link Transcriptions}: LiveKit's
 * {@code lk.transcription} streams). The agent's words are captioned as they play (the
 * {@link Speaker} tells the {@link Transcriptions} sentence by sentence); here their
 * caption is made final once the turn is over. Times are milliseconds from the start of
 * the interview.
 */
final class Transcript {

	private final SessionTranscripts transcripts;

	private final Transcriptions captions;

	private final String sessionId;

	Transcript(SessionTranscripts transcripts, Transcriptions captions, String sessionId) {
		this.transcripts = transcripts;
		this.captions = captions;
		this.sessionId = sessionId;
	}

	/** The candidate's words so far, while their turn may still go on: a caption only. */
	void candidateSoFar(String text) {
		this.captions.candidate(text, false);
	}

	void candidate(String text, long startMs, long endMs) {
		this.transcripts.append(this.sessionId, "candidate", text, startMs, endMs);
		this.captions.candidate(text, true);
	}

	/** A turn of the agent's, once its audio has played. */
	void interviewer(String text, long startMs, long endMs) {
		this.transcripts.append(this.sessionId, "interviewer", text, startMs, endMs);
		this.captions.agentDone();
	}

}
