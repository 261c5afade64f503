package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.flo.interviewer.interview.SessionPlans;

/**
 * Grading an interview on its plan: what the session itself recorded it asked (and when),
 * each asked question graded against its ideal answer from the candidate's answer span in
 * the verbatim transcript. Only asked questions with an answer are sent for grading; a
 * question not reached is listed as such and never graded (it is no failed answer), and
 * an asked question with no answer heard has no grade either. A grade stands only with a
 * verified quote ({@link EvidenceCheck}), as for any question.
 */
final class PlanGrading {

	/** The most questions sent for grading at once (the schema's limit). */
	static final int MAX_GRADED = AnalysisPrompts.MAX_PLAN_GRADED;

	static final String NOT_REACHED = "NOT_REACHED";

	static final String ASKED = "ASKED";

	private final List<SessionPlans.PlanQuestion> plan;

	private final List<AnalysisReport.Segment> verbatim;

	private final boolean speakersKnown;

	/** The questions sent for grading, numbered from 1 in the prompt. */
	private final List<ToGrade> toGrade = new ArrayList<>();

	/** Per plan position, the verbatim lines of its answer span. */
	private final Map<Integer, List<AnalysisReport.Segment>> answers = new HashMap<>();

	/**
	 * A question sent for grading.
	 *
	 * @param number its number in the prompt (Q1 is 1)
	 */
	record ToGrade(int number, SessionPlans.PlanQuestion question, List<AnalysisReport.Segment> answer) {
	}

	PlanGrading(List<SessionPlans.PlanQuestion> plan, List<AnalysisReport.Segment> verbatim, boolean speakersKnown) {
		this.plan = List.copyOf(plan);
		this.verbatim = verbatim;
		this.speakersKnown = speakersKnown;
		for (SessionPlans.PlanQuestion q : this.plan) {
			if (q.status() != SessionPlans.Status.ASKED) {
				continue;
			}
			List<AnalysisReport.Segment> answer = answerLines(q);
			this.answers.put(q.position(), answer);
			if (!answer.isEmpty() && this.toGrade.size() < MAX_GRADED) {
				this.toGrade.add(new ToGrade(this.toGrade.size() + 1, q, answer));
			}
		}
	}

	/** Whether any question needs the model: one asked and answered. */
	boolean anythingToGrade() {
		return !this.toGrade.isEmpty();
	}

	List<ToGrade> toGrade() {
		return this.toGrade;
	}

	/**
	 * The questions for the prompt: each asked and answered question, numbered, with its
	 * ideal answer, the follow-ups and hints it took, and its answer's verbatim lines.
	 */
	String promptText() {
		StringBuilder out = new StringBuilder();
		for (ToGrade g : this.toGrade) {
			SessionPlans.PlanQuestion q = g.question();
			out.append('Q').append(g.number()).append(" (skill ").append(q.skill());
			if (q.askedAtMs() != null) {
				out.append("; asked at ").append(AnalysisPrompts.mmss(q.askedAtMs()));
			}
			out.append("; ")
				.append(q.followUps())
				.append(" follow-up")
				.append((q.followUps() == 1) ? "" : "s")
				.append(" and ")
				.append(q.hints())
				.append(" hint")
				.append((q.hints() == 1) ? "" : "s")
				.append(" given)\n");
			out.append("Question: ").append(oneLine(q.question())).append('\n');
			out.append("Ideal answer: ")
				.append(oneLine(q.idealAnswer().isBlank() ? "(none given)" : q.idealAnswer()))
				.append('\n');
			out.append("Answer:\n").append(AnalysisPrompts.lines(g.answer())).append('\n');
		}
		return out.toString();
	}

	/**
	 * The plan with the model's grades: a grade kept only with a verified quote; every
	 * question without one says why.
	 */
	List<AnalysisReport.PlanQuestion> graded(AnalysisPrompts.PlanGrades answer, EvidenceCheck evidence) {
		Map<Integer, AnalysisPrompts.PlanGrade> byNumber = new HashMap<>();
		answer.questions().forEach((grade) -> byNumber.putIfAbsent(grade.number(), grade));
		Map<Integer, AnalysisPrompts.PlanGrade> byPosition = new HashMap<>();
		for (ToGrade g : this.toGrade) {
			AnalysisPrompts.PlanGrade grade = byNumber.get(g.number());
			if (grade != null) {
				byPosition.put(g.question().position(), grade);
			}
		}
		List<AnalysisReport.PlanQuestion> out = new ArrayList<>();
		for (SessionPlans.PlanQuestion q : this.plan) {
			AnalysisPrompts.PlanGrade grade = byPosition.get(q.position());
			if (grade == null) {
				out.add(ungraded(q, null));
				continue;
			}
			List<AnalysisReport.Evidence> quotes = evidence.check(grade.evidence());
			String absent = null;
			if (!grade.answered()) {
				absent = "the model found no answer to it";
			}
			else if (quotes.stream().noneMatch(AnalysisReport.Evidence::verified)) {
				absent = quotes.isEmpty() ? "the model graded without quoting the answer"
						: "the quoted answer was not verified (" + String.join("; ",
								quotes.stream().map(AnalysisReport.Evidence::unverifiedReason).distinct().toList())
								+ ")";
			}
			out.add(question(q, grade.answerSummary(), (absent == null) ? grade.grade() : null, grade.gradeReason(),
					quotes, absent));
		}
		return out;
	}

	/**
	 * The plan with no grade at all, for {@code reason} (not assessable), each question
	 * not reached still listed as such.
	 */
	List<AnalysisReport.PlanQuestion> ungraded(String reason) {
		return this.plan.stream().map((q) -> ungraded(q, reason)).toList();
	}

	private AnalysisReport.PlanQuestion ungraded(SessionPlans.PlanQuestion q, String reason) {
		String why;
		if (!asked(q)) {
			why = "not reached: the interview ended before it";
		}
		else if (this.answers.getOrDefault(q.position(), List.of()).isEmpty()) {
			why = (q.answerStartMs() == null) ? "asked, but no answer was heard"
					: "asked, but no line of the transcript falls in the answer's span";
		}
		else if (reason != null) {
			why = reason;
		}
		else if (this.toGrade.stream().noneMatch((g) -> g.question().position() == q.position())) {
			why = "not sent for grading: more than " + MAX_GRADED + " questions were asked";
		}
		else {
			why = "the model returned no grade for this question";
		}
		return question(q, null, null, null, List.of(), why);
	}

	private AnalysisReport.PlanQuestion question(SessionPlans.PlanQuestion q, String answerSummary, Integer grade,
			String gradeReason, List<AnalysisReport.Evidence> evidence, String absentReason) {
		List<Integer> lines = this.answers.getOrDefault(q.position(), List.of())
			.stream()
			.map(AnalysisReport.Segment::index)
			.toList();
		return new AnalysisReport.PlanQuestion(q.position() + 1, q.question(), q.skill(), q.difficulty(),
				asked(q) ? ASKED : NOT_REACHED, q.askedAtMs(), q.answerStartMs(), q.answerEndMs(), lines, q.followUps(),
				q.hints(), q.idealAnswer(), answerSummary, grade, gradeReason, evidence, absentReason);
	}

	/** The plan's section of the report. */
	static AnalysisReport.PlanReport report(List<AnalysisReport.PlanQuestion> questions, String endReason) {
		int asked = (int) questions.stream().filter((q) -> q.status().equals(ASKED)).count();
		int graded = (int) questions.stream().filter((q) -> q.grade() != null).count();
		return new AnalysisReport.PlanReport(endReason, questions.size(), asked, questions.size() - asked, graded,
				questions);
	}

	/**
	 * The asked questions as the report's question list (what the scorecard's questions
	 * part averages): questions not reached are not in it, so they never count as failed.
	 */
	static List<AnalysisReport.QuestionAnswer> questionAnswers(List<AnalysisReport.PlanQuestion> questions) {
		return questions.stream()
			.filter((q) -> q.status().equals(ASKED))
			.map((q) -> new AnalysisReport.QuestionAnswer(q.question(), q.askedAtMs(), q.answerSummary(), q.grade(),
					q.gradeReason(), q.evidence(), q.absentReason()))
			.toList();
	}

	/**
	 * Asked by the interviewer; a question still PLANNED when the session ended (its
	 * interviewer did not finish the record) was not reached either.
	 */
	private static boolean asked(SessionPlans.PlanQuestion q) {
		return q.status() == SessionPlans.Status.ASKED;
	}

	/**
	 * The candidate's lines within the answer's span (all lines when speakers are
	 * unknown).
	 */
	private List<AnalysisReport.Segment> answerLines(SessionPlans.PlanQuestion q) {
		if (q.answerStartMs() == null || q.answerEndMs() == null) {
			return List.of();
		}
		return this.verbatim.stream()
			.filter((s) -> !this.speakersKnown || "candidate".equals(s.speaker()))
			.filter((s) -> s.startMs() != null && s.endMs() != null)
			.filter((s) -> s.startMs() < q.answerEndMs() && s.endMs() > q.answerStartMs()
					|| s.startMs().equals(q.answerStartMs()))
			.toList();
	}

	private static String oneLine(String text) {
		return text.replace('\n', ' ');
	}

}
