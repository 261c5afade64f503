package ai.flo.interviewer.voice;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the agent's sentences are cut for captions paced like speech. */
class TranscriptionsTests {

	@Test
	void aSentenceIsReleasedWordByWordKeepingItsSpaces() {
		assertThat(Transcriptions.words("Hello Alex,  thank you for joining.")).containsExactly("Hello ", "Alex,  ",
				"thank ", "you ", "for ", "joining.");
		assertThat(String.join("", Transcriptions.words(" One. "))).isEqualTo("One.");
		assertThat(Transcriptions.words("   ")).isEmpty();
	}

	@Test
	void theAgentStateAttributeUsesLiveKitsNames() {
		assertThat(AgentState.ATTRIBUTE).isEqualTo("lk.agent.state");
		assertThat(AgentState.State.values()).extracting(AgentState.State::wire)
			.containsExactly("initializing", "listening", "thinking", "speaking");
		assertThat(Transcriptions.TOPIC).isEqualTo("lk.transcription");
		assertThat(new String[] { Transcriptions.SEGMENT_ID, Transcriptions.TRACK_ID, Transcriptions.FINAL })
			.containsExactly("lk.segment_id", "lk.transcribed_track_id", "lk.transcription_final");
	}

}
