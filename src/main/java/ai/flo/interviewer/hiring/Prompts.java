package ai.flo.interviewer.hiring;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.llm.Prompt;

/** What we ask the LLM for hiring setup, and the shapes of its answers. */
final class Prompts {

	static final int MAX_DESCRIPTION = 30_000;

	static final String QUESTION_WRITER = "You are an experienced interviewer who writes fair, job-relevant interview "
			+ "questions. " + Prompt.FAIRNESS_RULE;

	private Prompts() {
	}

	/**
	 * The skills extracted from a job description. The prompt states the same limits:
	 * these constraints are the schema the model is held to (strict structured output).
	 */
	record ExtractedSkills(@NotEmpty @Size(max = 12) List<@Valid SkillData> skills) {
	}

	/** The questions generated for one skill. */
	record GeneratedQuestions(@NotEmpty @Size(max = 10) List<@Valid QuestionData> questions) {
	}

	static Prompt extractSkills(String title, String description) {
		return Prompt
			.builder("You are an experienced technical recruiter who designs structured interviews. "
					+ Prompt.FAIRNESS_RULE)
			.instruction("""
					From the job title and job description below, list the skills an interview for this role must \
					assess: 1 to 12 of them, usually 3 or more. For each skill give:
					- name: short (at most 200 characters), specific (e.g. "PostgreSQL query tuning", not "databases");
					- level: the level the role needs: BEGINNER, INTERMEDIATE, PROFESSIONAL or EXPERT;
					- requirement: MANDATORY if the description requires it, OPTIONAL if it is a plus;
					- category: TECHNICAL, FUNCTIONAL, BEHAVIORAL or COGNITIVE;
					- numQuestions: 1 to 10, usually 1 to 5, more for skills that matter more;
					- difficulty: EASY, MEDIUM or HARD, matching the level;
					- priority: 1 (assess first) to 10.
					Only skills the description supports; do not invent requirements.""")
			.untrusted("job_title", title, 200)
			.untrusted("job_description", description, MAX_DESCRIPTION)
			.build();
	}

	static final int MAX_FEEDBACK = 8_000;

	static Prompt generateQuestions(String title, String description, SkillData skill, List<String> feedback) {
		return Prompt.builder(QUESTION_WRITER)
			.instruction("""
					Write exactly %d interview question(s) assessing the skill described in the skill block below, \
					for the role in the job description. For each question give:
					- question: one question, answerable by voice in two to four minutes;
					- idealAnswer: what a strong answer covers, as points an evaluator can check;
					- format: OPEN_ENDED, SCENARIO, CODING, SYSTEM_DESIGN or BEHAVIORAL;
					- difficulty: EASY, MEDIUM or HARD;
					- coding: true only if answering requires writing code.
					No trick questions, nothing about protected characteristics, no questions that need the \
					candidate's private information.""".formatted(skill.numQuestions()))
			.untrusted("skill",
					"name: %s\nlevel: %s\nrequirement: %s\ncategory: %s\ndifficulty: %s".formatted(skill.name(),
							skill.level(), skill.requirement(), skill.category(), skill.difficulty()),
					1000)
			.untrusted("job_title", title, 200)
			.untrusted("job_description", description, MAX_DESCRIPTION)
			.instruction(feedbackInstruction(feedback))
			.untrusted("recruiter_feedback", String.join("\n", feedback), MAX_FEEDBACK)
			.build();
	}

	/** One new version of a question, for a reason the recruiter gave. */
	static Prompt regenerateQuestion(String title, String description, SkillData skill, QuestionData current,
			String reason, List<String> feedback) {
		return Prompt.builder(QUESTION_WRITER)
			.instruction("""
					Replace the interview question in the current_question block with exactly 1 better question for \
					the same skill, taking the recruiter's reason into account. Keep it answerable by voice in two \
					to four minutes, with the same fields as before: question, idealAnswer, format (OPEN_ENDED, \
					SCENARIO, CODING, SYSTEM_DESIGN or BEHAVIORAL), difficulty (EASY, MEDIUM or HARD), coding.""")
			.untrusted("current_question", current.question() + "\nideal answer: " + current.idealAnswer(), 12_000)
			.untrusted("reason", reason, 1000)
			.untrusted("skill",
					"name: %s\nlevel: %s\ncategory: %s\ndifficulty: %s".formatted(skill.name(), skill.level(),
							skill.category(), skill.difficulty()),
					1000)
			.untrusted("job_title", title, 200)
			.untrusted("job_description", description, MAX_DESCRIPTION)
			.instruction(feedbackInstruction(feedback))
			.untrusted("recruiter_feedback", String.join("\n", feedback), MAX_FEEDBACK)
			.build();
	}

	private static String feedbackInstruction(List<String> feedback) {
		return feedback.isEmpty() ? "There is no recruiter feedback yet."
				: "The recruiter's feedback on earlier questions for this role follows; write questions that address it.";
	}

}
