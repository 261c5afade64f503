package ai.flo.interviewer.voice;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** A live caption as front ends read it from the room's data topic. */
class CaptionTests {

	@Test
	void aCaptionIsTheJsonFrontEndsRead() {
		Transcript.Caption caption = new Transcript.Caption("candidate", "I use retries.", true, 1234);

		assertThat(JsonMapper.builder().build().writeValueAsString(caption))
			.isEqualTo("{\"speaker\":\"candidate\",\"text\":\"I use retries.\",\"final\":true,\"atMs\":1234}");
	}

}
