package ai.flo.interviewer.voice;

import ai.flo.interviewer.llm.Prompt;

/**
 * The interviewer's words: the instructions the model follows each turn, and the lines
 * our code speaks itself (greeting, nudges, apologies, moving on, closing).
 */
final class InterviewerPrompt {

	static final String NUDGE = "Take your time. Would you like me to repeat the question?";

	static final String NOT_UNDERSTOOD = "Sorry, I didn't catch that. Could you say it again?";

	static final String TECHNICAL_PROBLEM = "I'm sorry, I had a technical problem. Could you repeat your last answer?";

	static final String ONE_MOMENT = "One moment, please.";

	/** Said before the next question when the current one has no follow-ups left. */
	static final String MOVE_ON = "Thank you. Let's move on.";

	/** Said before the next question when the current one has used its time. */
	static final String MOVE_ON_IN_TIME = "Thank you. In the interest of time, let's move on.";

	private InterviewerPrompt() {
	}

	/** The system prompt of a turn, with where the interview stands now. */
	static String system(InterviewState state, boolean followPlan, long nowNanos) {
		InterviewPlan plan = state.plan();
		StringBuilder prompt = new StringBuilder();
		prompt.append("You are a professional, friendly interviewer conducting a spoken job interview for the role of ")
			.append(plan.role())
			.append(". Your words are spoken aloud: use short plain sentences, no lists, no markdown, ")
			.append("no code. Each turn: acknowledge the candidate's answer in a few words without judging it, then ask ")
			.append("at most one question. Never reveal ideal answers, scores or your assessment. Politely decline to discuss ")
			.append("salary or compensation, confidential company information, or how the candidate is doing. ")
			.append("If the candidate wants to stop, call end_interview. ")
			.append(Prompt.FAIRNESS_RULE);
		if (!followPlan) {
			prompt.append(" Ask these questions in order, one at a time, with brief follow-ups when useful:\n");
			int n = 1;
			for (InterviewPlan.Item item : plan.items()) {
				prompt.append(n++).append(". ").append(item.question()).append('\n');
			}
			return prompt.toString();
		}
		prompt
			.append(" The interview follows a plan kept by the system: call next_question when the current answer is ")
			.append("complete, when the candidate wants to skip, or when no follow-ups are left; the system then asks the ")
			.append("next question itself, so do not ask it yourself. If the candidate asks for a hint, call give_hint.\n");
		state.current()
			.ifPresent((current) -> prompt.append("Current question (skill: ")
				.append(current.skill())
				.append("): ")
				.append(current.question())
				.append('\n')
				.append("Follow-ups left for it: ")
				.append(state.followUpsLeft())
				.append(". Hints left: ")
				.append(state.hintsLeft())
				.append(". Minutes left in the interview: ")
				.append(Math.max(0, state.remaining(nowNanos).toMinutes()))
				.append(".\n"));
		return prompt.toString();
	}

	/** The opening words, with the first question when there is one. */
	static String greeting(InterviewPlan plan, String firstQuestion) {
		return "Hello " + firstName(plan.candidateName()) + ", thank you for joining. I'm your interviewer for the "
				+ plan.role() + " role" + (plan.practice() ? ", in a short practice interview" : "")
				+ ". We have about " + plan.length().toMinutes() + " minutes. Take your time with each answer."
				+ ((firstQuestion != null) ? " Let's begin. " + firstQuestion : "");
	}

	/** The first words of an interview carried on by another agent. */
	static String welcomeBack(String candidateName, String question) {
		return "Welcome back, " + firstName(candidateName) + ". Let's carry on where we were."
				+ ((question != null) ? " " + question : "");
	}

	static String repeat(String question) {
		return "Let me repeat the question. " + question;
	}

	/** The closing words, by why the interview ends. */
	static String closing(EndReason reason, String candidateName) {
		String name = firstName(candidateName);
		return switch (reason) {
			case NOTHING_PLANNED ->
				"There are no questions planned for this interview, so we will stop here. Thank you for your time.";
			case CANDIDATE_LEFT -> "The candidate has left the interview. Goodbye.";
			case CANDIDATE_SILENT -> "It seems we have lost the connection, " + name
					+ ". We will end the interview here. Thank you, goodbye.";
			case PROVIDER_FAILING ->
				"I'm sorry, we are having technical difficulties and have to stop here. What you said so far is saved. Goodbye.";
			case PLAN_DONE, TIME_UP, INTERVIEWER_ENDED ->
				"That brings us to the end of the interview. Thank you for your time, " + name + ". Goodbye.";
		};
	}

	static String firstName(String name) {
		String trimmed = (name == null) ? "" : name.strip();
		int space = trimmed.indexOf(' ');
		return (space > 0) ? trimmed.substring(0, space) : (trimmed.isEmpty() ? "there" : trimmed);
	}

}
