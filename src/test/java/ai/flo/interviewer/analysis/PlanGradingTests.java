package ai.flo.interviewer.analysis;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.flo.interviewer.interview.SessionPlans;
import ai.flo.interviewer.interview.SessionPlans.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grading on the plan: only asked and answered questions go to the model, each with its
 * ideal answer and its answer span's lines; a question not reached, or asked but never
 * answered, is listed without a grade (never as a failed answer); a grade stands only
 * with a verified quote.
 */
class PlanGradingTests {

	private static final List<AnalysisReport.Segment> TRANSCRIPT = List.of(
			new AnalysisReport.Segment(0, 0L, 3_000L, "interviewer", "How does the JIT work?"),
			new AnalysisReport.Segment(1, 4_000L, 9_000L, "candidate", "It profiles the hot methods first."),
			new AnalysisReport.Segment(2, 9_500L, 10_000L, "interviewer", "And then?"),
			new AnalysisReport.Segment(3, 10_500L, 14_000L, "candidate", "Then it compiles them to machine code."),
			new AnalysisReport.Segment(4, 15_000L, 18_000L, "interviewer", "How do you read a query plan?"),
			new AnalysisReport.Segment(5, 19_000L, 25_000L, "candidate",
					"I run explain analyze and look at the joins."),
			new AnalysisReport.Segment(6, 26_000L, 28_000L, "interviewer", "Tell me about your last team."),
			new AnalysisReport.Segment(7, 40_000L, 41_000L, "interviewer", "Our time is up, thank you."));

	private static final List<SessionPlans.PlanQuestion> PLAN = List.of(
			new SessionPlans.PlanQuestion(0, "q-jit", "How does the JIT work?",
					"IDEAL: profiling, then compiling hot code", "Java", "MEDIUM", "SKILL", Status.ASKED, 0L, 4_000L,
					14_000L, 1, 0),
			new SessionPlans.PlanQuestion(1, "q-sql", "How do you read a query plan?", "IDEAL: EXPLAIN, joins, indexes",
					"SQL", "HARD", "SKILL", Status.ASKED, 15_000L, 19_000L, 25_000L, 0, 1),
			new SessionPlans.PlanQuestion(2, null, "Tell me about your last team.", "IDEAL: roles and own part",
					"Resume", null, "RESUME", Status.ASKED, 26_000L, null, null, 0, 0),
			new SessionPlans.PlanQuestion(3, "q-k8s", "How would you deploy it on Kubernetes?", "IDEAL: NOT REACHED",
					"Kubernetes", "EASY", "SKILL", Status.NOT_REACHED, null, null, null, 0, 0),
			// Still planned when the session ended (no interviewer finished the record).
			new SessionPlans.PlanQuestion(4, null, "What is your notice period?", "", "Practice", null, "SKILL",
					Status.PLANNED, null, null, null, 0, 0));

	private final PlanGrading grading = new PlanGrading(PLAN, TRANSCRIPT, true);

	private final EvidenceCheck evidence = new EvidenceCheck(TRANSCRIPT, true, Map.of(),
			new AnalysisReport.Integrity(List.of(), "the candidate's lines"));

	@Test
	void onlyAskedAndAnsweredQuestionsAreSentWithTheirIdealAnswersAndAnswerLines() {
		assertThat(this.grading.toGrade()).extracting((g) -> g.question().position()).containsExactly(0, 1);
		assertThat(this.grading.toGrade().get(0).answer()).extracting(AnalysisReport.Segment::index)
			.containsExactly(1, 3);
		String text = this.grading.promptText();
		assertThat(text).contains("Q1 (skill Java; asked at 00:00; 1 follow-up and 0 hints given)")
			.contains("Q2 (skill SQL; asked at 00:15; 0 follow-ups and 1 hint given)")
			.contains("Ideal answer: IDEAL: profiling, then compiling hot code")
			.contains("Ideal answer: IDEAL: EXPLAIN, joins, indexes")
			.contains("#1 [00:04] candidate: It profiles the hot methods first.")
			.contains("#3 [00:10] candidate: Then it compiles them to machine code.")
			.contains("#5 [00:19] candidate: I run explain analyze and look at the joins.");
		// The interviewer's follow-up is not the answer; unasked and unanswered questions
		// are not graded.
		assertThat(text).doesNotContain("And then?")
			.doesNotContain("IDEAL: NOT REACHED")
			.doesNotContain("Tell me about your last team")
			.doesNotContain("notice period")
			.doesNotContain("Q3");
	}

	@Test
	void gradesStandOnVerifiedQuotesAndUnaskedQuestionsAreNeverGraded() {
		AnalysisPrompts.PlanGrades answer = new AnalysisPrompts.PlanGrades(List.of(
				new AnalysisPrompts.PlanGrade(1, true, "Profiling and compiling.", 8, "Covers both points.",
						List.of(new AnalysisPrompts.Quote(3, "compiles them to machine code"))),
				new AnalysisPrompts.PlanGrade(2, true, "Explain analyze.", 9, "Good.",
						List.of(new AnalysisPrompts.Quote(5, "I tune every index by hand"))),
				// A number that was not asked is ignored.
				new AnalysisPrompts.PlanGrade(7, true, "Invented.", 10, "", List.of())));

		List<AnalysisReport.PlanQuestion> graded = this.grading.graded(answer, this.evidence);

		assertThat(graded).extracting(AnalysisReport.PlanQuestion::position).containsExactly(1, 2, 3, 4, 5);
		AnalysisReport.PlanQuestion jit = graded.get(0);
		assertThat(jit.grade()).isEqualTo(8);
		assertThat(jit.idealAnswer()).startsWith("IDEAL: profiling");
		assertThat(jit.answerLines()).containsExactly(1, 3);
		assertThat(jit.followUps()).isEqualTo(1);
		assertThat(jit.evidence().get(0).startMs()).isEqualTo(10_500L);
		AnalysisReport.PlanQuestion sql = graded.get(1);
		assertThat(sql.grade()).isNull();
		assertThat(sql.absentReason()).startsWith("the quoted answer was not verified");
		assertThat(sql.hints()).isEqualTo(1);
		AnalysisReport.PlanQuestion team = graded.get(2);
		assertThat(team.status()).isEqualTo("ASKED");
		assertThat(team.grade()).isNull();
		assertThat(team.absentReason()).isEqualTo("asked, but no answer was heard");
		for (AnalysisReport.PlanQuestion notReached : graded.subList(3, 5)) {
			assertThat(notReached.status()).isEqualTo("NOT_REACHED");
			assertThat(notReached.grade()).isNull();
			assertThat(notReached.absentReason()).startsWith("not reached");
		}

		AnalysisReport.PlanReport report = PlanGrading.report(graded, "TIME_UP");
		assertThat(report.planned()).isEqualTo(5);
		assertThat(report.asked()).isEqualTo(3);
		assertThat(report.notReached()).isEqualTo(2);
		assertThat(report.graded()).isEqualTo(1);
		// The scorecard's questions: the asked ones only; those not reached are not
		// failed.
		assertThat(PlanGrading.questionAnswers(graded)).extracting(AnalysisReport.QuestionAnswer::question)
			.containsExactly("How does the JIT work?", "How do you read a query plan?",
					"Tell me about your last team.");
	}

	@Test
	void aQuestionTheModelLeftOutHasNoGradeAndNotAssessableKeepsThePlan() {
		List<AnalysisReport.PlanQuestion> graded = this.grading.graded(new AnalysisPrompts.PlanGrades(List.of()),
				this.evidence);
		assertThat(graded.get(0).grade()).isNull();
		assertThat(graded.get(0).absentReason()).isEqualTo("the model returned no grade for this question");

		List<AnalysisReport.PlanQuestion> ungraded = this.grading.ungraded("not assessable: too few words");
		assertThat(ungraded.get(0).absentReason()).isEqualTo("not assessable: too few words");
		assertThat(ungraded.get(3).absentReason()).startsWith("not reached");
	}

}
