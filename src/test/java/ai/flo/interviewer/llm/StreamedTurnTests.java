package ai.flo.interviewer.llm;

import java.util.ArrayList;
import java.util.List;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assembling a turn from chunks shaped as the providers send them (no server, no Spring).
 */
class StreamedTurnTests {

	private final StreamedTurn turn = new StreamedTurn();

	private final List<String> pieces = new ArrayList<>();

	private void add(String choicesJson) throws Exception {
		String json = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
				+ choicesJson + "}";
		this.turn.add(ObjectMappers.jsonMapper().readValue(json, ChatCompletionChunk.class), this.pieces::add);
	}

	@Test
	void toolCallPiecesAreJoinedByIndexEvenWhenInterleaved() throws Exception {
		add("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"score_answer\",\"arguments\":\"\"}}]},\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"next_question\",\"arguments\":\"{\"}}]},\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"score\\\":\"}}]},"
				+ "\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"}\"}},"
				+ "{\"index\":0,\"function\":{\"arguments\":\" 4}\"}}]},\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]");
		add("[]");

		Turn result = this.turn.toTurn(System.nanoTime());
		assertThat(result.toolCalls()).containsExactly(new ToolCall("call_a", "score_answer", "{\"score\": 4}"),
				new ToolCall("call_b", "next_question", "{}"));
		assertThat(result.text()).isEmpty();
		assertThat(result.finishReason()).isEqualTo("tool_calls");
		assertThat(this.turn.delivered()).isFalse();
		assertThat(this.pieces).isEmpty();
	}

	@Test
	void toolCallsWithoutAnIndexAreTakenApartByTheirIds() throws Exception {
		// Gemini's OpenAI-compatible stream: no index, a whole call in one delta or its
		// arguments split.
		add("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Noted.\"},\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"function-call-1\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"score_answer\",\"arguments\":\"{\\\"score\\\":3}\"}}]},\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"function-call-2\",\"type\":\"function\","
				+ "\"function\":{\"name\":\"next_question\",\"arguments\":\"{\"}}]},\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"}\"}}]},\"finish_reason\":null}]");
		add("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]");

		Turn result = this.turn.toTurn(System.nanoTime());
		assertThat(result.toolCalls()).containsExactly(new ToolCall("function-call-1", "score_answer", "{\"score\":3}"),
				new ToolCall("function-call-2", "next_question", "{}"));
		assertThat(result.text()).isEqualTo("Noted.");
		assertThat(this.pieces).containsExactly("Noted.");
		assertThat(result.finishReason()).isEqualTo("stop");
	}

}
