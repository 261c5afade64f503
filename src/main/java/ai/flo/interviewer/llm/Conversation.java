package ai.flo.interviewer.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A conversation for {@link LlmGateway#converse}: the system text and the messages so
 * far.
 * <p>
 * Every {@link User} message is the candidate's transcribed speech and is untrusted: the
 * gateway fences each one as untrusted data when it sends the conversation, and the
 * system message gets {@link Prompt}'s security rule. Put trusted instructions in the
 * system text, never in a user message. Tool results are the application's own answers
 * and are sent as they are: one that carries text from users (a line of a resume) fences
 * it first, as a {@link Prompt} does.
 *
 * @param system the interviewer's instructions (trusted)
 * @param messages the history, oldest first
 */
public record Conversation(String system, List<Message> messages) {

	public Conversation {
		Objects.requireNonNull(system, "system");
		messages = List.copyOf(messages);
	}

	public static Conversation of(String system) {
		return new Conversation(system, List.of());
	}

	/** This conversation with more messages at the end. */
	public Conversation with(Message... more) {
		List<Message> all = new ArrayList<>(this.messages);
		all.addAll(List.of(more));
		return new Conversation(this.system, all);
	}

	/** One message of the history. */
	public sealed interface Message permits User, Assistant, ToolResult {

	}

	/** What the candidate said (untrusted: fenced by the gateway). */
	public record User(String text) implements Message {

		public User {
			Objects.requireNonNull(text, "text");
		}

	}

	/**
	 * What the interviewer (the model) said, and the tools it called in that turn.
	 *
	 * @param text the spoken text; empty when the turn was only tool calls
	 * @param toolCalls the calls, each answered by a {@link ToolResult} that follows
	 */
	public record Assistant(String text, List<ToolCall> toolCalls) implements Message {

		public Assistant {
			text = (text != null) ? text : "";
			toolCalls = (toolCalls != null) ? List.copyOf(toolCalls) : List.of();
		}

		public Assistant(String text) {
			this(text, List.of());
		}

	}

	/** The application's answer to a tool call, by the call's id. */
	public record ToolResult(String toolCallId, String content) implements Message {

		public ToolResult {
			Objects.requireNonNull(toolCallId, "toolCallId");
			Objects.requireNonNull(content, "content");
		}

	}

}
