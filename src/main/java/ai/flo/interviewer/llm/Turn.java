package ai.flo.interviewer.llm;

import java.util.List;

/**
 * The model's answer in a conversation: what it said and the tools it called.
 *
 * @param text the whole text (the pieces already given to the caller, joined)
 * @param toolCalls the tool calls, in the order the model made them: act on these, not on
 * the finish reason (Gemini's OpenAI-compatible stream ends a turn with tool calls with
 * {@code stop})
 * @param firstTokenMillis from the start of the call (retries included) to the first
 * piece of text or of a tool call; -1 when the model produced neither
 * @param totalMillis from the start of the call to the end of the stream
 * @param finishReason as the provider gave it: {@code stop}, {@code tool_calls},
 * {@code length} (cut at the token limit), {@code content_filter}
 */
public record Turn(String text, List<ToolCall> toolCalls, long firstTokenMillis, long totalMillis,
		String finishReason) {

	public Turn {
		toolCalls = List.copyOf(toolCalls);
	}

	/** This turn as a history message, for the next call. */
	public Conversation.Assistant message() {
		return new Conversation.Assistant(this.text, this.toolCalls);
	}

}
