package ai.flo.interviewer.voice;

/**
 * Why the interview ended, when the run ended it (the candidate leaving or the room
 * closing is the job's business). The closing words depend on it.
 */
enum EndReason {

	/** The plan had no questions. */
	NOTHING_PLANNED("no questions were planned"),

	/** Every planned question was asked. */
	PLAN_DONE("all planned questions were asked"),

	/** The interview's length was reached. */
	TIME_UP("the interview's time is up"),

	/** The candidate said nothing for {@code flo.voice.silence-end}. */
	CANDIDATE_SILENT("the candidate was silent too long"),

	/** Speech-to-text, the LLM or text-to-speech failed too often in a row. */
	PROVIDER_FAILING("a provider kept failing"),

	/** The model called {@code end_interview} (the candidate asked to stop). */
	INTERVIEWER_ENDED("the interviewer ended it"),

	/** The candidate left and did not come back within {@code FLO_VOICE_REJOIN_GRACE}. */
	CANDIDATE_LEFT("the candidate left and did not come back");

	private final String description;

	EndReason(String description) {
		this.description = description;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
