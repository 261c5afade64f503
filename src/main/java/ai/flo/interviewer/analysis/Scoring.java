package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The weighted scorecard, computed by our code from the assessed parts: skills (the mean
 * of the skills that have a score), questions (the mean grade of the graded answers,
 * times ten) and communication (the model's communication score). A part without a score
 * drops out and the others' weights are renormalised over what is left; how much of the
 * scorecard's weight is left is its coverage. With every weighted part scored the overall
 * is COMPLETE; with some missing it is PARTIAL and says which parts it rests on, with
 * their renormalised weights; below the minimum coverage, or with nothing scored, there
 * is no overall, with the reason (ABSENT). Never a default number.
 */
final class Scoring {

	private Scoring() {
	}

	/**
	 * The weights in force and where they come from.
	 *
	 * @param from {@code settings} or {@code job record <id>}
	 */
	record Weights(double skills, double questions, double communication, String from) {

		static Weights of(AnalysisProperties.Weights settings) {
			return new Weights(settings.skills(), settings.questions(), settings.communication(), "settings");
		}

	}

	static AnalysisReport.Scorecard scorecard(List<AnalysisReport.SkillAssessment> skills,
			List<AnalysisReport.QuestionAnswer> questions, AnalysisReport.Insights insights, Weights weights,
			double minCoverage) {
		List<Part> parts = new ArrayList<>();
		List<AnalysisReport.SkillAssessment> scoredSkills = skills.stream().filter((s) -> s.score() != null).toList();
		List<String> unscored = skills.stream().filter((s) -> s.score() == null).map((s) -> s.skill()).toList();
		parts.add(new Part("skills", weights.skills(),
				scoredSkills.isEmpty() ? null
						: (int) Math.round(scoredSkills.stream().mapToInt((s) -> s.score()).average().orElseThrow()),
				scoredSkills.isEmpty() ? ((skills.isEmpty()) ? "no skill was assessed"
						: "no skill could be scored from what the candidate said") : null,
				scoredSkills.isEmpty() ? null
						: "mean of " + scoredSkills.size() + " of " + skills.size() + " skill" + plural(skills.size())
								+ (unscored.isEmpty() ? "" : " (not scored: " + String.join(", ", unscored) + ")")));
		List<AnalysisReport.QuestionAnswer> graded = questions.stream().filter((q) -> q.grade() != null).toList();
		parts.add(new Part("questions", weights.questions(),
				graded.isEmpty() ? null
						: (int) Math.round(graded.stream().mapToInt((q) -> q.grade()).average().orElseThrow() * 10),
				graded.isEmpty() ? ((questions.isEmpty()) ? "no question was found" : "no answer could be graded")
						: null,
				graded.isEmpty() ? null : "mean grade of " + graded.size() + " of " + questions.size() + " question"
						+ plural(questions.size()) + ", times ten"));
		Integer communication = (insights != null) ? insights.communicationScore() : null;
		parts.add(new Part("communication", weights.communication(), communication,
				(communication == null) ? "the transcript is too short to judge communication" : null,
				(communication == null) ? null : "the model's judgement of how the candidate communicated"));
		return scorecard(parts, weights.from(), minCoverage);
	}

	/**
	 * A scorecard with nothing scored, for one reason (the transcript is not assessable).
	 */
	static AnalysisReport.Scorecard absent(Weights weights, String reason) {
		List<AnalysisReport.Scorecard.Component> components = List.of(
				new AnalysisReport.Scorecard.Component("skills", weights.skills(), null, reason, null, null),
				new AnalysisReport.Scorecard.Component("questions", weights.questions(), null, reason, null, null),
				new AnalysisReport.Scorecard.Component("communication", weights.communication(), null, reason, null,
						null));
		return new AnalysisReport.Scorecard(components, null, "ABSENT", 0, null, reason, weights.from());
	}

	/** A part before weighing. */
	record Part(String name, double weight, Integer score, String absentReason, String basis) {
	}

	static AnalysisReport.Scorecard scorecard(List<Part> parts, String weightsFrom, double minCoverage) {
		double total = parts.stream().mapToDouble(Part::weight).sum();
		double scored = parts.stream().filter((p) -> p.score() != null).mapToDouble(Part::weight).sum();
		double coverage = (total > 0) ? scored / total : 0;
		List<Part> counted = parts.stream().filter((p) -> p.score() != null && p.weight() > 0).toList();
		List<Part> missing = parts.stream().filter((p) -> p.score() == null && p.weight() > 0).toList();
		String absent = null;
		if (total <= 0) {
			absent = "every weight is 0";
		}
		else if (counted.isEmpty()) {
			absent = "no weighted part has a score";
		}
		else if (coverage + 1e-9 < minCoverage) {
			absent = "only " + and(counted.stream().map(Part::name).toList()) + " "
					+ ((counted.size() == 1) ? "has" : "have") + " a score, " + percent(coverage)
					+ " of the scorecard's weight, less than the " + percent(minCoverage)
					+ " an overall score needs; not scored: " + names(missing, total);
		}
		boolean counts = absent == null;
		List<AnalysisReport.Scorecard.Component> components = parts.stream()
			.map((p) -> new AnalysisReport.Scorecard.Component(p.name(), p.weight(), p.score(), p.absentReason(),
					(counts && p.score() != null && p.weight() > 0) ? round3(p.weight() / scored) : null, p.basis()))
			.toList();
		if (!counts) {
			return new AnalysisReport.Scorecard(components, null, "ABSENT", round3(coverage), null, absent,
					weightsFrom);
		}
		double weighted = counted.stream().mapToDouble((p) -> p.weight() * p.score()).sum();
		int overall = (int) Math.round(weighted / scored);
		if (missing.isEmpty()) {
			return new AnalysisReport.Scorecard(components, overall, "COMPLETE", 1.0,
					"rests on " + names(counted, scored), null, weightsFrom);
		}
		return new AnalysisReport.Scorecard(components, overall, "PARTIAL", round3(coverage),
				"partial: rests on " + names(counted, scored) + " only, " + percent(coverage)
						+ " of the scorecard's weight; not scored: " + names(missing, total),
				null, weightsFrom);
	}

	/** "questions (60%) and communication (40%)": each part's share of {@code of}. */
	private static String names(List<Part> parts, double of) {
		return and(parts.stream().map((p) -> p.name() + " (" + percent(p.weight() / of) + ")").toList());
	}

	private static String and(List<String> named) {
		if (named.size() <= 1) {
			return String.join("", named);
		}
		return String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.get(named.size() - 1);
	}

	static String percent(double fraction) {
		double value = fraction * 100;
		return (Math.abs(value - Math.round(value)) < 0.05) ? Math.round(value) + "%"
				: String.format(Locale.ROOT, "%.1f%%", value);
	}

	private static double round3(double value) {
		return Math.round(value * 1000) / 1000d;
	}

	private static String plural(int n) {
		return (n == 1) ? "" : "s";
	}

}
