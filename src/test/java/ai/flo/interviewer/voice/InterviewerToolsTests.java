package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.llm.Conversation;
import ai.flo.interviewer.llm.Prompt;
import ai.flo.interviewer.llm.Tool;
import ai.flo.interviewer.llm.ToolCall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interviewer's tools against the interview's state, and the results the model reads
 * as they are sent.
 */
class InterviewerToolsTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final long T0 = 1_000_000_000L;

	final InterviewState state = new InterviewState(plan(), 2, 1, T0);

	final InterviewerTools tools = new InterviewerTools(this.state, JSON, false);

	@Test
	void thePlannedInterviewerHasThreeToolsTheLegacyOneOnlyTheEnd() {
		assertThat(this.tools.definitions()).extracting(Tool::name)
			.containsExactly("next_question", "give_hint", "end_interview");
		assertThat(new InterviewerTools(this.state, JSON, true).definitions()).extracting(Tool::name)
			.containsExactly("end_interview");
	}

	@Test
	void nextQuestionMovesThePlanOnAndNamesTheQuestionToAsk() {
		this.state.next(T0);
		this.state.followUp();

		InterviewerTools.Dispatched done = this.tools.dispatch(call("next_question", "{}"), T0 + 1);

		assertThat(done.ask()).contains("What is a flaky test?");
		assertThat(done.movedOn()).isTrue();
		assertThat(done.answerAgain()).isFalse();
		assertThat(this.state.current()).map(InterviewPlan.Item::question).contains("What is a flaky test?");
		assertThat(this.state.followUps()).isZero();
		assertThat(result(done)).isEqualTo("{\"asked\":\"What is a flaky test?\"}");
	}

	@Test
	void nextQuestionAtTheEndOfThePlanEndsTheInterview() {
		this.state.next(T0);
		this.state.next(T0);

		InterviewerTools.Dispatched done = this.tools.dispatch(call("next_question", "{}"), T0 + 1);

		assertThat(done.ask()).isEmpty();
		assertThat(this.state.endReason()).isEqualTo(EndReason.PLAN_DONE);
		assertThat(result(done))
			.isEqualTo("{\"done\":true,\"note\":\"All questions have been asked; the interview is closing.\"}");
	}

	@Test
	void aHintHandsTheModelTheKeyPointsOnceAQuestionAndAsksItToSpeakAgain() {
		this.state.next(T0);

		InterviewerTools.Dispatched first = this.tools.dispatch(call("give_hint", "{}"), T0 + 1);
		InterviewerTools.Dispatched second = this.tools.dispatch(call("give_hint", "{}"), T0 + 2);

		assertThat(first.answerAgain()).isTrue();
		assertThat(result(first)).isEqualTo("{\"allowed\":true,\"keyPoints\":\"Sandbox, contract tests, idempotency.\","
				+ "\"note\":\"Give ONE short hint that points the candidate in a direction without revealing these key points or the answer.\"}");
		assertThat(result(second)).isEqualTo("{\"allowed\":false,"
				+ "\"note\":\"No more hints for this question. Encourage the candidate to try, or offer to move on.\"}");
		assertThat(this.state.hints()).isEqualTo(1);
	}

	@Test
	void aLongIdealAnswerIsCutForTheHint() {
		InterviewState withLongAnswer = new InterviewState(new InterviewPlan("s", "Engineer", "Alex", false,
				Duration.ofMinutes(10), List.of(item("q", "x".repeat(1000)))), 2, 1, T0);
		withLongAnswer.next(T0);

		InterviewerTools.Dispatched done = new InterviewerTools(withLongAnswer, JSON, false)
			.dispatch(call("give_hint", "{}"), T0);

		assertThat(((InterviewerTools.Hint) done.result()).keyPoints()).hasSize(InterviewerTools.MAX_KEY_POINTS);
	}

	@Test
	void endInterviewEndsIt() {
		this.state.next(T0);

		InterviewerTools.Dispatched done = this.tools.dispatch(call("end_interview", "{\"reason\":\"asked to stop\"}"),
				T0 + 1);

		assertThat(this.state.endReason()).isEqualTo(EndReason.INTERVIEWER_ENDED);
		assertThat(result(done)).isEqualTo("{\"ok\":true}");
	}

	@Test
	void aToolTheModelWasNotGivenChangesNothing() {
		this.state.next(T0);
		InterviewerTools legacy = new InterviewerTools(this.state, JSON, true);

		InterviewerTools.Dispatched done = legacy.dispatch(call("next_question", "{}"), T0 + 1);

		assertThat(result(done)).isEqualTo("{\"error\":\"unknown tool\"}");
		assertThat(this.state.index()).isZero();
		assertThat(this.state.ended()).isFalse();
	}

	@Test
	void theToolResultAnswersTheCallById() {
		this.state.next(T0);

		Conversation.ToolResult message = this.tools.message(this.tools.dispatch(call("next_question", "{}"), T0 + 1));

		assertThat(message.toolCallId()).isEqualTo("call_next_question");
	}

	@Test
	void theSystemPromptSaysWhereTheInterviewStands() {
		this.state.next(T0);
		this.state.followUp();

		String prompt = InterviewerPrompt.system(this.state, true, T0 + Duration.ofMinutes(2).toNanos());

		assertThat(prompt).contains("for the role of Backend Engineer")
			.contains("Current question (skill: Testing): How do you test a payment flow?")
			.contains("Follow-ups left for it: 1. Hints left: 1. Minutes left in the interview: 7.")
			.contains("call next_question")
			.doesNotContain("What is a flaky test?")
			.doesNotContain("Sandbox");
		assertThat(InterviewerPrompt.system(this.state, false, T0)).contains("1. How do you test a payment flow?\n",
				"2. What is a flaky test?\n");
	}

	@Test
	void theInterviewerNeverAsksAboutOrJudgesProtectedTraits() {
		for (boolean followPlan : new boolean[] { true, false }) {
			assertThat(InterviewerPrompt.system(this.state, followPlan, T0)).contains(Prompt.FAIRNESS_RULE)
				.contains("accent, name, age, gender, origin")
				.contains("Never ask about them, never score or rate them");
		}
	}

	@Test
	void theClosingWordsFollowWhyTheInterviewEnded() {
		assertThat(InterviewerPrompt.closing(EndReason.CANDIDATE_SILENT, "Alex Doe"))
			.startsWith("It seems we have lost the connection, Alex.");
		assertThat(InterviewerPrompt.closing(EndReason.PROVIDER_FAILING, "Alex Doe"))
			.contains("technical difficulties");
		assertThat(InterviewerPrompt.closing(EndReason.TIME_UP, "")).contains("end of the interview")
			.contains("for your time, there.");
		assertThat(InterviewerPrompt.closing(EndReason.NOTHING_PLANNED, "Alex"))
			.startsWith("There are no questions planned");
	}

	private String result(InterviewerTools.Dispatched done) {
		return JSON.writeValueAsString(done.result());
	}

	private static ToolCall call(String name, String arguments) {
		return new ToolCall("call_" + name, name, arguments);
	}

	static InterviewPlan plan() {
		return new InterviewPlan("session-1", "Backend Engineer", "Alex Doe", false, Duration.ofMinutes(10),
				List.of(item("How do you test a payment flow?", "Sandbox, contract tests, idempotency."),
						item("What is a flaky test?", "It fails intermittently because of timing or shared state.")));
	}

	static InterviewPlan.Item item(String question, String idealAnswer) {
		return new InterviewPlan.Item("Testing", question, idealAnswer, true, 1, Duration.ofMinutes(4), "SKILL");
	}

}
