package ai.flo.interviewer.voice;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.llm.Conversation;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.ScriptedToolCall;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interviewer's answer to a turn: the LLM streamed from a local server in OpenAI's
 * chat wire format (text in pieces, tool calls), its sentences handed to the voice (here
 * a list), its tools moving the interview's state.
 */
class InterviewerTests extends LocalProviders {

	static final long T0 = System.nanoTime();

	@Autowired
	LlmGateway gateway;

	@Autowired
	JsonMapper json;

	final List<String> spoken = new CopyOnWriteArrayList<>();

	InterviewState state;

	@BeforeEach
	void start() {
		llm.reset();
		this.state = new InterviewState(InterviewerToolsTests.plan(), 1, 1, T0);
		this.state.next(T0);
	}

	private Interviewer interviewer(boolean legacy) {
		return new Interviewer(this.gateway, this.state, new InterviewerTools(this.state, this.json, legacy));
	}

	@Test
	void theModelsWordsAreSpokenSentenceBySentenceAndNextQuestionIsAskedByOurCode_localOpenAiWireFormatServer() {
		llm.reply(Reply.stream(List.of("Thanks, ", "that is a clear approach. ", "Sandboxes help."),
				List.of(tool("next_question", "{}")), 5));

		Interviewer.Reply reply = interviewer(false).answer("I test it end to end with a sandbox.", this.spoken::add);

		assertThat(this.spoken).containsExactly("Thanks, that is a clear approach.", "Sandboxes help.",
				"What is a flaky test?");
		assertThat(reply.said()).isEqualTo("Thanks, that is a clear approach. Sandboxes help. What is a flaky test?");
		assertThat(reply.failed()).isFalse();
		assertThat(reply.firstTokenMillis()).isNotNegative();
		assertThat(this.state.current()).map(InterviewPlan.Item::question).contains("What is a flaky test?");
		List<Conversation.Message> history = this.state.conversation("system").messages();
		assertThat(history).hasSize(3);
		assertThat(history.get(0)).isEqualTo(new Conversation.User("I test it end to end with a sandbox."));
		assertThat(history.get(1)).isInstanceOfSatisfying(Conversation.Assistant.class,
				(said) -> assertThat(said.toolCalls()).hasSize(1));
		assertThat(history.get(2)).isInstanceOfSatisfying(Conversation.ToolResult.class,
				(result) -> assertThat(result.content()).isEqualTo("{\"asked\":\"What is a flaky test?\"}"));
		JsonNode request = this.json.readTree(llm.requests().get(0).body());
		assertThat(request.path("messages").get(0).path("content").asString())
			.contains("Current question (skill: Testing): How do you test a payment flow?");
		assertThat(request.path("tools").toString()).contains("\"next_question\"", "\"give_hint\"",
				"\"end_interview\"");
	}

	@Test
	void aHintTakesASecondRoundThatGetsTheKeyPoints_localOpenAiWireFormatServer() {
		llm.reply(Reply.stream(List.of(), List.of(tool("give_hint", "{}")), 5));
		llm.reply(Reply.stream(List.of("Think about what happens ", "when the payment is sent twice."), List.of(), 5));

		Interviewer.Reply reply = interviewer(false).answer("Can I get a hint please?", this.spoken::add);

		assertThat(llm.requests()).hasSize(2);
		assertThat(llm.requests().get(1).body()).contains("keyPoints").contains("Sandbox, contract tests");
		assertThat(this.spoken).containsExactly("Think about what happens when the payment is sent twice.");
		assertThat(reply.said()).doesNotContain("Sandbox");
		assertThat(this.state.hints()).isEqualTo(1);
		// The hint was this question's follow-up.
		assertThat(this.state.current()).map(InterviewPlan.Item::question).contains("How do you test a payment flow?");
		assertThat(this.state.followUps()).isEqualTo(1);
	}

	@Test
	void withNoFollowUpsLeftThePlanMovesOnWhateverTheModelSaid_localOpenAiWireFormatServer() {
		this.state.followUp();
		llm.reply(Reply.stream(List.of("Interesting. ", "Tell me more about the sandbox?"), List.of(), 5));

		Interviewer.Reply reply = interviewer(false).answer("We use a sandbox.", this.spoken::add);

		assertThat(this.spoken).containsExactly("Interesting.", "Tell me more about the sandbox?",
				"Thank you. Let's move on. What is a flaky test?");
		assertThat(reply.said()).endsWith("Thank you. Let's move on. What is a flaky test?");
		assertThat(this.state.current()).map(InterviewPlan.Item::question).contains("What is a flaky test?");
	}

	@Test
	void endInterviewEndsItAfterTheModelsLastWords_localOpenAiWireFormatServer() {
		llm.reply(Reply.stream(List.of("Of course, we can stop here."),
				List.of(tool("end_interview", "{\"reason\":\"the candidate asked to stop\"}")), 5));

		interviewer(false).answer("I would like to stop now.", this.spoken::add);

		assertThat(this.spoken).containsExactly("Of course, we can stop here.");
		assertThat(this.state.endReason()).isEqualTo(EndReason.INTERVIEWER_ENDED);
	}

	@Test
	void aFailedCallGetsOneMomentAndOneMoreTry_localOpenAiWireFormatServer() {
		llm.reply(Reply.error(500, "boom"));
		llm.reply(Reply.stream(List.of("Sure, take your time."), List.of(), 5));

		Interviewer.Reply reply = interviewer(false).answer("Sorry, one second.", this.spoken::add);

		assertThat(this.spoken).containsExactly("One moment, please.", "Sure, take your time.");
		assertThat(reply.said()).isEqualTo("Sure, take your time.");
		assertThat(reply.failed()).isFalse();
	}

	@Test
	void twoFailedCallsFailTheAnswer_localOpenAiWireFormatServer() {
		llm.reply(Reply.error(500, "boom"));
		llm.reply(Reply.error(503, "busy"));

		Interviewer.Reply reply = interviewer(false).answer("Hello?", this.spoken::add);

		assertThat(reply.failed()).isTrue();
		assertThat(reply.said()).isEmpty();
		assertThat(this.state.current()).map(InterviewPlan.Item::question).contains("How do you test a payment flow?");
	}

	@Test
	void theLegacyInterviewerHasTheQuestionsInItsPromptAndOnlyTheEndAsATool_localOpenAiWireFormatServer() {
		llm.reply(Reply.stream(List.of("Thanks. ", "What is a flaky test?"), List.of(), 5));

		interviewer(true).answer("A sandbox and contract tests.", this.spoken::add);

		String body = llm.requests().get(0).body();
		assertThat(body).contains("1. How do you test a payment flow?")
			.contains("2. What is a flaky test?")
			.contains("end_interview")
			.doesNotContain("next_question")
			.doesNotContain("give_hint");
		// No follow-up counting: the prompt leads.
		assertThat(this.state.current()).map(InterviewPlan.Item::question).contains("How do you test a payment flow?");
	}

	private static ScriptedToolCall tool(String name, String arguments) {
		return new ScriptedToolCall("call_" + UUID.randomUUID().toString().substring(0, 8), name, List.of(arguments));
	}

}
