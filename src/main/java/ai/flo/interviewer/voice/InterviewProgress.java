package ai.flo.interviewer.voice;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.interview.SessionEnded;
import ai.flo.interviewer.llm.Conversation;
import ai.flo.interviewer.llm.ToolCall;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where each live voice interview stands (table {@code interview_progress}): its plan and
 * {@link InterviewState.Snapshot}, written after every turn, read by the agent that
 * carries the interview on after a restart, a crash or a dropped connection. Stored as
 * JSON of our own records (not the LLM library's types), so the form is ours to keep.
 * Deleted when the session ends.
 */
@Component
class InterviewProgress {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	InterviewProgress(JdbcClient jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/** What is stored: the plan as it was built, and where the interview stands in it. */
	record Stored(InterviewPlan plan, InterviewState.Snapshot state) {
	}

	void save(InterviewPlan plan, InterviewState.Snapshot state, String agent) {
		String text = this.json.writeValueAsString(new Document(plan.sessionId(), plan.role(), plan.candidateName(),
				plan.practice(), plan.length().toMillis(), plan.items().stream().map(StoredItem::of).toList(),
				state.index(), state.questionStartMs(), state.followUps(), state.hints(), state.turns(),
				state.elapsedMs(), state.pausedMs(), (state.endReason() != null) ? state.endReason().name() : null,
				state.history().stream().map(StoredMessage::of).toList()));
		long now = this.clock.millis();
		this.jdbc.sql("""
				INSERT INTO interview_progress (session_id, state, elapsed_ms, agent, updated_at)
				VALUES (:session, :state, :elapsed, :agent, :now)
				ON CONFLICT (session_id) DO UPDATE SET state = :state, elapsed_ms = :elapsed, agent = :agent,
				  updated_at = :now""")
			.param("session", plan.sessionId())
			.param("state", text)
			.param("elapsed", state.elapsedMs())
			.param("agent", agent)
			.param("now", now)
			.update();
	}

	/**
	 * The interview is over: where it stood is of no use any more (and it holds the
	 * candidate's words, which the transcript keeps).
	 */
	@EventListener
	void sessionEnded(SessionEnded event) {
		this.jdbc.sql("DELETE FROM interview_progress WHERE session_id = :id").param("id", event.sessionId()).update();
	}

	Optional<Stored> load(String sessionId) {
		return this.jdbc.sql("SELECT state FROM interview_progress WHERE session_id = :id")
			.param("id", sessionId)
			.query(String.class)
			.optional()
			.map((text) -> this.json.readValue(text, Document.class).stored());
	}

	/** The stored form, version 1. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Document(String sessionId, String role, String candidateName, boolean practice, long lengthMs,
			List<StoredItem> items, int index, long questionStartMs, int followUps, int hints, int turns,
			long elapsedMs, long pausedMs, String endReason, List<StoredMessage> history) {

		Stored stored() {
			InterviewPlan plan = new InterviewPlan(this.sessionId, this.role, this.candidateName, this.practice,
					Duration.ofMillis(this.lengthMs), this.items.stream().map(StoredItem::item).toList());
			List<Conversation.Message> messages = new ArrayList<>();
			this.history.forEach((m) -> messages.add(m.message()));
			return new Stored(plan,
					new InterviewState.Snapshot(this.index, this.questionStartMs, this.followUps, this.hints,
							this.turns, this.elapsedMs, this.pausedMs,
							(this.endReason != null) ? EndReason.valueOf(this.endReason) : null, messages));
		}

	}

	/**
	 * {@code questionId} and {@code difficulty} are absent from forms stored before them.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record StoredItem(String skill, String question, String idealAnswer, boolean mandatory, int priority, long budgetMs,
			String source, String questionId, String difficulty) {

		static StoredItem of(InterviewPlan.Item item) {
			return new StoredItem(item.skill(), item.question(), item.idealAnswer(), item.mandatory(), item.priority(),
					item.budget().toMillis(), item.source(), item.questionId(), item.difficulty());
		}

		InterviewPlan.Item item() {
			return new InterviewPlan.Item(this.skill, this.question, this.idealAnswer, this.mandatory, this.priority,
					Duration.ofMillis(this.budgetMs), this.source, this.questionId, this.difficulty);
		}

	}

	/** A message of the conversation: {@code user}, {@code assistant} or {@code tool}. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record StoredMessage(String role, String text, List<StoredCall> calls, String callId) {

		static StoredMessage of(Conversation.Message message) {
			if (message instanceof Conversation.User user) {
				return new StoredMessage("user", user.text(), null, null);
			}
			if (message instanceof Conversation.Assistant assistant) {
				return new StoredMessage("assistant", assistant.text(),
						assistant.toolCalls()
							.stream()
							.map((c) -> new StoredCall(c.id(), c.name(), c.argumentsJson()))
							.toList(),
						null);
			}
			Conversation.ToolResult result = (Conversation.ToolResult) message;
			return new StoredMessage("tool", result.content(), null, result.toolCallId());
		}

		Conversation.Message message() {
			return switch (this.role) {
				case "user" -> new Conversation.User(this.text);
				case "assistant" -> new Conversation.Assistant(this.text,
						(this.calls != null)
								? this.calls.stream().map((c) -> new ToolCall(c.id(), c.name(), c.arguments())).toList()
								: List.of());
				case "tool" -> new Conversation.ToolResult(this.callId, this.text);
				default -> throw new IllegalStateException("unknown message role " + this.role);
			};
		}

	}

	record StoredCall(String id, String name, String arguments) {
	}

}
