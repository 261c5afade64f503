package ai.flo.interviewer.voice;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.llm.Conversation;
import ai.flo.interviewer.llm.Tool;
import ai.flo.interviewer.llm.ToolCall;

/**
 * The interviewer's tools: what the model may call, and what a call does to the
 * interview's state. {@code next_question} moves the plan on (our code asks the question,
 * not the model), {@code give_hint} counts a hint and hands the model the ideal answer's
 * key points with the rule to hint without revealing them, {@code end_interview} ends the
 * interview. The prompt-only (legacy) interviewer has only {@code end_interview}. Results
 * are records the model reads as JSON.
 */
final class InterviewerTools {

	static final String NEXT_QUESTION = "next_question";

	static final String GIVE_HINT = "give_hint";

	static final String END_INTERVIEW = "end_interview";

	/** The most of an ideal answer handed to the model for a hint. */
	static final int MAX_KEY_POINTS = 600;

	private static final Logger log = LoggerFactory.getLogger(InterviewerTools.class);

	private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of(),
			"additionalProperties", false);

	private static final Tool NEXT = new Tool(NEXT_QUESTION, "Move on to the next planned question.", NO_ARGUMENTS);

	private static final Tool HINT = new Tool(GIVE_HINT,
			"Get guidance for one short, non-leading hint on the current question.", NO_ARGUMENTS);

	private static final Tool END = new Tool(END_INTERVIEW, "End the interview now (the candidate asked to stop).",
			Map.of("type", "object", "properties",
					Map.of("reason", Map.of("type", "string", "description", "why the interview ends")), "required",
					List.of("reason"), "additionalProperties", false));

	private final InterviewState state;

	private final JsonMapper json;

	private final boolean legacy;

	InterviewerTools(InterviewState state, JsonMapper json, boolean legacy) {
		this.state = state;
		this.json = json;
		this.legacy = legacy;
	}

	/** Whether our code keeps the plan (false: the legacy interviewer, prompt only). */
	boolean followPlan() {
		return !this.legacy;
	}

	List<Tool> definitions() {
		return this.legacy ? List.of(END) : List.of(NEXT, HINT, END);
	}

	/**
	 * What a call did.
	 *
	 * @param result what the model reads (serialised as JSON)
	 * @param ask the next question, for the caller to ask
	 * @param movedOn whether the call moved the plan on
	 * @param answerAgain whether the model should speak again with the result (a hint)
	 */
	record Dispatched(ToolCall call, Object result, Optional<String> ask, boolean movedOn, boolean answerAgain) {
	}

	/** The tool result as a history message. */
	Conversation.ToolResult message(Dispatched dispatched) {
		return new Conversation.ToolResult(dispatched.call().id(), this.json.writeValueAsString(dispatched.result()));
	}

	/** Carries out one call against the interview's state. */
	Dispatched dispatch(ToolCall call, long nowNanos) {
		boolean known = definitions().stream().anyMatch((tool) -> tool.name().equals(call.name()));
		if (!known) {
			return new Dispatched(call, new UnknownTool("unknown tool"), Optional.empty(), false, false);
		}
		return switch (call.name()) {
			case NEXT_QUESTION -> {
				Optional<InterviewPlan.Item> next = moveOn(nowNanos);
				Object result = next.<Object>map((item) -> new Asked(item.question())).orElse(PlanDone.DONE);
				yield new Dispatched(call, result, next.map(InterviewPlan.Item::question), true, false);
			}
			case GIVE_HINT -> new Dispatched(call, hint(), Optional.empty(), false, true);
			default -> {
				log.info("Session {}: the interviewer ends the interview ({})", this.state.plan().sessionId(),
						reason(call));
				this.state.end(EndReason.INTERVIEWER_ENDED);
				yield new Dispatched(call, new Ended(true), Optional.empty(), false, false);
			}
		};
	}

	/**
	 * Moves the plan to its next question; at the end of the plan, ends the interview.
	 */
	Optional<InterviewPlan.Item> moveOn(long nowNanos) {
		Optional<InterviewPlan.Item> next = this.state.next(nowNanos);
		if (next.isEmpty()) {
			this.state.end(EndReason.PLAN_DONE);
		}
		return next;
	}

	private Hint hint() {
		Optional<InterviewPlan.Item> current = this.state.current();
		if (current.isEmpty() || !this.state.hint()) {
			return Hint.NONE_LEFT;
		}
		String ideal = current.get().idealAnswer();
		return new Hint(true, (ideal.length() > MAX_KEY_POINTS) ? ideal.substring(0, MAX_KEY_POINTS) : ideal,
				"Give ONE short hint that points the candidate in a direction without revealing these key points or the answer.");
	}

	/** The model's reason for ending, for the log (what it wrote, cut short). */
	private String reason(ToolCall call) {
		try {
			String reason = this.json.readValue(call.argumentsJson(), EndArguments.class).reason();
			return (reason == null) ? "no reason given"
					: (reason.length() > 200) ? reason.substring(0, 200) + "..." : reason;
		}
		catch (RuntimeException ex) {
			return "arguments not readable";
		}
	}

	/** {@code next_question}: the question our code asks now. */
	record Asked(String asked) {
	}

	/** {@code next_question} at the end of the plan. */
	record PlanDone(boolean done, String note) {

		static final PlanDone DONE = new PlanDone(true, "All questions have been asked; the interview is closing.");

	}

	/** {@code give_hint}: the key points to hint at, or none left. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Hint(boolean allowed, String keyPoints, String note) {

		static final Hint NONE_LEFT = new Hint(false, null,
				"No more hints for this question. Encourage the candidate to try, or offer to move on.");

	}

	/** {@code end_interview}. */
	record Ended(boolean ok) {
	}

	/** A call to a tool the model was not given. */
	record UnknownTool(String error) {
	}

	/** {@code end_interview}'s arguments. */
	record EndArguments(String reason) {
	}

}
