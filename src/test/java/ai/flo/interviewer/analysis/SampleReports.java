package ai.flo.interviewer.analysis;

import java.util.List;

import ai.flo.interviewer.analysis.AnalysisReport.CandidateFeedback;
import ai.flo.interviewer.analysis.AnalysisReport.CleanedLine;
import ai.flo.interviewer.analysis.AnalysisReport.CommunicationMetrics;
import ai.flo.interviewer.analysis.AnalysisReport.Evidence;
import ai.flo.interviewer.analysis.AnalysisReport.Insights;
import ai.flo.interviewer.analysis.AnalysisReport.Metric;
import ai.flo.interviewer.analysis.AnalysisReport.QuestionAnswer;
import ai.flo.interviewer.analysis.AnalysisReport.ReadingAid;
import ai.flo.interviewer.analysis.AnalysisReport.Scorecard;
import ai.flo.interviewer.analysis.AnalysisReport.Segment;
import ai.flo.interviewer.analysis.AnalysisReport.SkillAssessment;
import ai.flo.interviewer.analysis.AnalysisReport.Source;

/**
 * A realistic report with the awkward parts: absent scores, an ungraded answer, hostile
 * text.
 */
final class SampleReports {

	static final String HOSTILE = "<script>alert(1)</script> & \"quotes\" 'single'";

	static final String FEEDBACK_SUMMARY = "Thank you for your time: you explained your Java work clearly.";

	private SampleReports() {
	}

	static AnalysisReport interview() {
		List<Segment> transcript = List.of(
				new Segment(0, 0L, 6_000L, "interviewer",
						"Thanks for joining. Can you walk me through a service you built in Java?"),
				new Segment(1, 6_500L, 48_000L, "candidate",
						"Sure. I built an order service with Spring Boot; we used virtual threads for the outbound calls."),
				new Segment(2, 49_000L, 55_000L, "interviewer", "How did you index the orders table in PostgreSQL?"),
				new Segment(3, 56_000L, 80_000L, "candidate",
						"We had a composite index on customer and created_at, um, and we checked the plans with EXPLAIN."),
				new Segment(4, null, null, null, HOSTILE),
				new Segment(5, 3_725_000L, 3_731_000L, "interviewer", "How would you deploy it on Kubernetes?"));
		ReadingAid readingAid = new ReadingAid("DONE", null, 1, 3, 1, 0, List.of(new CleanedLine(3, "ACCEPTED",
				"We had a composite index on customer and created_at, and we checked the plans with EXPLAIN.", null),
				new CleanedLine(5, "REJECTED", "How would you deploy it on Kubernetes clusters?",
						"changes the words: adds “clusters”")));
		List<SkillAssessment> skills = List.of(
				new SkillAssessment("Java", "PROFESSIONAL", 82, "HIGH",
						List.of(new Evidence("we used virtual threads for the outbound calls", 1, 6_500L, true, null)),
						List.of("Probe concurrency trade-offs"), null),
				new SkillAssessment("SQL", "INTERMEDIATE", 64, "MEDIUM",
						List.of(new Evidence("a composite index on customer and created_at", 3, 56_000L, true, null),
								new Evidence("I tuned the query planner myself", null, null, false,
										"not in the verbatim transcript")),
						List.of("Ask about isolation levels"), null),
				new SkillAssessment("Kubernetes", null, null, null, List.of(), List.of("Ask in the next round"),
						"not discussed: the question was asked but not answered"));
		List<QuestionAnswer> questions = List.of(
				new QuestionAnswer("How did you index the orders table in PostgreSQL?", 49_000L,
						"A composite index on customer and date, checked with EXPLAIN.", 8,
						"Correct and practical; no mention of partial indexes.",
						List.of(new Evidence("we checked the plans with EXPLAIN", 3, 56_000L, true, null)), null),
				new QuestionAnswer("How would you deploy it on Kubernetes?", 3_725_000L, null, null, null, List.of(),
						"not answered: the interview ended"));
		Insights insights = new Insights(List.of("Clear explanations of past work", "Knows Spring Boot well"),
				List.of("Vague on database internals"),
				List.of("Claimed query-planner tuning not found in the transcript"),
				"Speaks clearly and at a steady pace; a few filler words.", 71, "YES",
				"Strong Java; SQL adequate; Kubernetes still to be checked.");
		// Partial: communication has no score, so the overall rests on the other two.
		Scorecard scorecard = Scoring.scorecard(
				List.of(new Scoring.Part("skills", 0.5, 73, null, "mean of 2 of 3 skills"),
						new Scoring.Part("questions", 0.3, 80, null, "mean grade of 1 of 2 questions, times ten"),
						new Scoring.Part("communication", 0.2, null, "no timings for part of the transcript", null)),
				"job record r-42", 0.5);
		CommunicationMetrics metrics = new CommunicationMetrics(
				new Metric(142.5, "words per minute", "candidate speech, 2 segments", null),
				new Metric(3.2, "per 100 words", "candidate words", null),
				new Metric(null, "pauses over 3 s", null, "segment timings missing for part of the transcript"),
				new Metric(0.62, "candidate share of speaking time", "timed segments", null));
		CandidateFeedback feedback = new CandidateFeedback(FEEDBACK_SUMMARY, List.of("Concrete examples"),
				List.of("Read up on PostgreSQL index types"));
		return new AnalysisReport("a-7f3c2e", 2, 1_764_331_200_000L,
				new Source("RECORDING", "interview-2025-11-20.mp4", 3_731_000L, "Senior Backend Engineer", null,
						"r-42"),
				transcript, readingAid,
				new AnalysisReport.Assessability(true, 41, 20, "the candidate's lines, fillers not counted", null),
				new AnalysisReport.Integrity(List.of(), "the candidate's lines"), skills, questions, insights,
				"The candidate has solid Java experience.\n\nSQL knowledge is practical; Kubernetes was not covered.",
				scorecard, metrics, feedback);
	}

}
