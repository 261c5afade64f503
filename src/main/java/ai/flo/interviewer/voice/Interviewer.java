package ai.flo.interviewer.voice;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.llm.Conversation;
import ai.flo.interviewer.llm.LlmException;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.llm.ToolCall;
import ai.flo.interviewer.llm.Turn;
import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import ai.flo.interviewer.speech.Sentences;

/**
 * The interviewer's answer to the candidate: the LLM (streamed) speaks as the
 * interviewer, sentence by sentence as its text arrives, and its tool calls move the
 * interview's state ({@link InterviewerTools}); a hint takes another round so the model
 * can give it. The plan, not the model, moves on when the question has no follow-ups
 * left. Everything said and called goes into the state's history.
 */
final class Interviewer {

	private static final Logger log = LoggerFactory.getLogger(Interviewer.class);

	/** LLM calls in one answer at most (a hint asks for a second). */
	private static final int MAX_ROUNDS = 3;

	private final LlmGateway llm;

	private final InterviewState state;

	private final InterviewerTools tools;

	Interviewer(LlmGateway llm, InterviewState state, InterviewerTools tools) {
		this.llm = llm;
		this.state = state;
		this.tools = tools;
	}

	/**
	 * What was said in one answer.
	 *
	 * @param said the words handed to the voice, in order
	 * @param firstTokenMillis the LLM's first token, -1 when it gave none
	 * @param failed whether the LLM failed (what it said before is in {@code said})
	 */
	record Reply(String said, long firstTokenMillis, boolean failed) {
	}

	/** Whether our code keeps the plan (false: the legacy, prompt-only interviewer). */
	boolean followsPlan() {
		return this.tools.followPlan();
	}

	/**
	 * Answers what the candidate said.
	 * @param voice speaks a sentence (queues it and returns)
	 */
	Reply answer(String candidateText, Consumer<String> voice) {
		this.state.add(new Conversation.User(candidateText));
		Said said = new Said(voice);
		boolean movedOn = false;
		long firstToken = -1;
		for (int round = 0; round < MAX_ROUNDS; round++) {
			Turn turn = think(said);
			if (turn == null) {
				return new Reply(said.text(), firstToken, true);
			}
			if (firstToken < 0) {
				firstToken = turn.firstTokenMillis();
			}
			this.state.add(turn.message());
			boolean again = false;
			for (ToolCall call : turn.toolCalls()) {
				InterviewerTools.Dispatched done = this.tools.dispatch(call, System.nanoTime());
				this.state.add(this.tools.message(done));
				done.ask().ifPresent(said);
				movedOn |= done.movedOn();
				again |= done.answerAgain();
			}
			if (!again) {
				break;
			}
		}
		if (!movedOn && followsPlan() && !this.state.ended() && !this.state.followUp()) {
			moveOn(InterviewerPrompt.MOVE_ON, said);
		}
		return new Reply(said.text(), firstToken, false);
	}

	/**
	 * Moves the plan on: says {@code bridge} and the next question, or ends the interview
	 * at the end of the plan.
	 * @return the words said; empty when the plan was done
	 */
	String moveOn(String bridge, Consumer<String> voice) {
		return this.tools.moveOn(System.nanoTime()).map((next) -> {
			String words = bridge + " " + next.question();
			voice.accept(words);
			this.state.add(new Conversation.Assistant(words));
			return words;
		}).orElse("");
	}

	/**
	 * One LLM round, its sentences spoken as they arrive; {@code null} when the provider
	 * failed. A failure before anything was said gets "one moment" and one more try.
	 */
	private Turn think(Said said) {
		Conversation conversation = this.state
			.conversation(InterviewerPrompt.system(this.state, followsPlan(), System.nanoTime()));
		for (int attempt = 1; attempt <= 2; attempt++) {
			Sentences sentences = new Sentences();
			try {
				Turn turn = this.llm.converse(LlmTask.INTERVIEW, conversation, this.tools.definitions(),
						(delta) -> sentences.add(delta).forEach(said));
				String rest = sentences.flush();
				if (rest != null && !rest.isBlank()) {
					said.accept(rest);
				}
				return turn;
			}
			catch (LlmException | ProviderNotConfiguredException ex) {
				log.warn("Session {}: LLM turn failed (attempt {}): {}", this.state.plan().sessionId(), attempt,
						ex.getMessage());
				if (!said.text().isEmpty() || attempt == 2) {
					return null;
				}
				said.voice.accept(InterviewerPrompt.ONE_MOMENT);
			}
		}
		return null;
	}

	/** The words of one answer: each goes to the voice and is kept for the transcript. */
	private static final class Said implements Consumer<String> {

		private final Consumer<String> voice;

		private final StringBuilder text = new StringBuilder();

		Said(Consumer<String> voice) {
			this.voice = voice;
		}

		@Override
		public void accept(String words) {
			this.voice.accept(words);
			this.text.append(words).append(' ');
		}

		String text() {
			return this.text.toString().strip();
		}

	}

}
