package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.List;

/**
 * What the interviewer will ask, in order, with a time budget for each question: built
 * from the database before the interview starts; the interview's state moves through it.
 *
 * @param sessionId the session
 * @param role the role interviewed for
 * @param candidateName the candidate's name as given when joining
 * @param practice a practice interview (short, easy, not analysed)
 * @param length the interview's length
 * @param items the questions in the order they will be asked
 */
public record InterviewPlan(String sessionId, String role, String candidateName, boolean practice, Duration length,
		List<Item> items) {

	/**
	 * One planned question.
	 *
	 * @param skill the skill it assesses (or "Resume" / "Practice")
	 * @param question the question as it will be asked
	 * @param idealAnswer what a good answer contains (for hints; never read out)
	 * @param mandatory whether the skill is mandatory
	 * @param priority the skill's priority (1 first)
	 * @param budget the time this question may take, answer and follow-ups included
	 * @param source SKILL, RESUME or PRACTICE
	 * @param questionId the job record's question, or {@code null} (resume and practice
	 * questions)
	 * @param difficulty EASY, MEDIUM or HARD, or {@code null} when not known
	 */
	public record Item(String skill, String question, String idealAnswer, boolean mandatory, int priority,
			Duration budget, String source, String questionId, String difficulty) {

		/** A question without a record's id or a difficulty. */
		public Item(String skill, String question, String idealAnswer, boolean mandatory, int priority, Duration budget,
				String source) {
			this(skill, question, idealAnswer, mandatory, priority, budget, source, null, null);
		}

		/** This question with another time budget. */
		Item budgeted(Duration budget) {
			return new Item(this.skill, this.question, this.idealAnswer, this.mandatory, this.priority, budget,
					this.source, this.questionId, this.difficulty);
		}

	}

	/**
	 * The time budget of each skill: the sum of its questions' budgets, in plan order.
	 */
	public java.util.Map<String, Duration> skillBudgets() {
		java.util.Map<String, Duration> budgets = new java.util.LinkedHashMap<>();
		for (Item item : this.items) {
			budgets.merge(item.skill(), item.budget(), Duration::plus);
		}
		return budgets;
	}

}
