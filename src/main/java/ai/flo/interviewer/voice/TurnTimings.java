package ai.flo.interviewer.voice;

/**
 * How long the parts of one turn took, in milliseconds; -1 for a part that did not happen
 * (a turn the clock started has no endpointing, a scripted one no LLM).
 *
 * @param endpointingMs from the end of the candidate's speech to the decision that their
 * turn was over
 * @param sttMs speech-to-text of the turn's last words (the one the candidate waits for)
 * @param llmFirstTokenMs from the LLM call to its first token
 * @param ttsFirstByteMs from the first sentence's synthesis to its first audio byte
 * @param endToEndMs from the end of the candidate's speech to the first audio frame of
 * the answer
 */
record TurnTimings(long endpointingMs, long sttMs, long llmFirstTokenMs, long ttsFirstByteMs, long endToEndMs) {

	static final TurnTimings NONE = new TurnTimings(-1, -1, -1, -1, -1);

	/** The listening side of a turn. */
	static TurnTimings heard(long endpointingMs, long sttMs) {
		return new TurnTimings(endpointingMs, sttMs, -1, -1, -1);
	}

	TurnTimings thought(long llmFirstTokenMs) {
		return new TurnTimings(this.endpointingMs, this.sttMs, llmFirstTokenMs, this.ttsFirstByteMs, this.endToEndMs);
	}

	TurnTimings spoke(long ttsFirstByteMs, long endToEndMs) {
		return new TurnTimings(this.endpointingMs, this.sttMs, this.llmFirstTokenMs, ttsFirstByteMs, endToEndMs);
	}

}
