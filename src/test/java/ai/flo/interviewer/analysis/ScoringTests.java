package ai.flo.interviewer.analysis;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overall score says what it rests on: complete, partial with the parts it rests on
 * and their renormalised weights, or absent with the reason.
 */
class ScoringTests {

	@Test
	void everyWeightedPartScoredIsComplete() {
		AnalysisReport.Scorecard card = Scoring.scorecard(parts(75, 70, 72), "settings", 0.5);

		// 0.5 * 75 + 0.3 * 70 + 0.2 * 72 = 72.9
		assertThat(card.overall()).isEqualTo(73);
		assertThat(card.status()).isEqualTo("COMPLETE");
		assertThat(card.coverage()).isEqualTo(1.0);
		assertThat(card.basis()).isEqualTo("rests on skills (50%), questions (30%) and communication (20%)");
		assertThat(card.components()).extracting(AnalysisReport.Scorecard.Component::share)
			.containsExactly(0.5, 0.3, 0.2);
	}

	@Test
	void aMissingPartMakesThePartialOverallSayWhatItRestsOn() {
		// The report: skills, half the weight, not scored.
		AnalysisReport.Scorecard card = Scoring.scorecard(parts(null, 0, 15), "settings", 0.5);

		// (0.3 * 0 + 0.2 * 15) / 0.5 = 6
		assertThat(card.overall()).isEqualTo(6);
		assertThat(card.status()).isEqualTo("PARTIAL");
		assertThat(card.coverage()).isEqualTo(0.5);
		assertThat(card.basis()).isEqualTo("partial: rests on questions (60%) and communication (40%) only, "
				+ "50% of the scorecard's weight; not scored: skills (50%)");
		assertThat(card.components()).extracting(AnalysisReport.Scorecard.Component::share)
			.containsExactly(null, 0.6, 0.4);
		assertThat(card.absentReason()).isNull();
	}

	@Test
	void belowTheMinimumCoverageThereIsNoOverallAndTheReasonSaysWhy() {
		AnalysisReport.Scorecard card = Scoring.scorecard(parts(null, null, 40), "settings", 0.5);

		assertThat(card.overall()).isNull();
		assertThat(card.status()).isEqualTo("ABSENT");
		assertThat(card.coverage()).isEqualTo(0.2);
		assertThat(card.absentReason()).isEqualTo("only communication has a score, 20% of the scorecard's weight, "
				+ "less than the 50% an overall score needs; not scored: skills (50%) and questions (30%)");
		assertThat(card.components()).extracting(AnalysisReport.Scorecard.Component::share).containsOnlyNulls();
		// With a lower minimum the same parts give a partial overall.
		assertThat(Scoring.scorecard(parts(null, null, 40), "settings", 0.2).overall()).isEqualTo(40);
	}

	@Test
	void nothingScoredOrNothingWeightedIsNoOverall() {
		assertThat(Scoring.scorecard(parts(null, null, null), "settings", 0).absentReason())
			.isEqualTo("no weighted part has a score");
		AnalysisReport.Scorecard unweighted = Scoring.scorecard(List.of(new Scoring.Part("skills", 0, 90, null, null)),
				"settings", 0);
		assertThat(unweighted.overall()).isNull();
		assertThat(unweighted.absentReason()).isEqualTo("every weight is 0");
	}

	@Test
	void aPartWeighingNothingNeitherCountsNorMakesTheOverallPartial() {
		AnalysisReport.Scorecard card = Scoring.scorecard(List.of(new Scoring.Part("skills", 0.6, 80, null, null),
				new Scoring.Part("questions", 0.4, 60, null, null),
				new Scoring.Part("communication", 0, null, "too short", null)), "job record r-1", 0.5);

		assertThat(card.overall()).isEqualTo(72);
		assertThat(card.status()).isEqualTo("COMPLETE");
		assertThat(card.weightsFrom()).isEqualTo("job record r-1");
	}

	@Test
	void thePartsComeFromTheAssessedSkillsAnswersAndCommunication() {
		List<AnalysisReport.SkillAssessment> skills = List.of(
				new AnalysisReport.SkillAssessment("Java", "PROFESSIONAL", 80, "HIGH", List.of(), List.of(), null),
				new AnalysisReport.SkillAssessment("SQL", "INTERMEDIATE", 61, "LOW", List.of(), List.of(), null),
				new AnalysisReport.SkillAssessment("COBOL", null, null, null, List.of(), List.of(), "not discussed"));
		List<AnalysisReport.QuestionAnswer> questions = List.of(
				new AnalysisReport.QuestionAnswer("Why Java?", 0L, "", 7, "", List.of(), null),
				new AnalysisReport.QuestionAnswer("Notice period?", null, "", null, "", List.of(), "not answered"));
		AnalysisReport.Insights insights = new AnalysisReport.Insights(List.of(), List.of(), List.of(), "", null,
				"UNDECIDED", "");

		AnalysisReport.Scorecard card = Scoring.scorecard(skills, questions, insights,
				new Scoring.Weights(0.5, 0.3, 0.2, "settings"), 0.5);

		assertThat(card.components().get(0).score()).isEqualTo(71);
		assertThat(card.components().get(0).basis()).isEqualTo("mean of 2 of 3 skills (not scored: COBOL)");
		assertThat(card.components().get(1).score()).isEqualTo(70);
		assertThat(card.components().get(1).basis()).isEqualTo("mean grade of 1 of 2 questions, times ten");
		assertThat(card.components().get(2).score()).isNull();
		assertThat(card.components().get(2).absentReason())
			.isEqualTo("the transcript is too short to judge communication");
		// (0.5 * 71 + 0.3 * 70) / 0.8 = 70.6
		assertThat(card.overall()).isEqualTo(71);
		assertThat(card.status()).isEqualTo("PARTIAL");
	}

	private static List<Scoring.Part> parts(Integer skills, Integer questions, Integer communication) {
		return List.of(
				new Scoring.Part("skills", 0.5, skills, (skills == null) ? "no skill could be scored" : null, null),
				new Scoring.Part("questions", 0.3, questions, (questions == null) ? "no answer could be graded" : null,
						null),
				new Scoring.Part("communication", 0.2, communication, (communication == null) ? "too short" : null,
						null));
	}

}
