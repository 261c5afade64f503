package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Our code, not the model, decides whether the candidate said enough to assess. */
class CandidateSpeechTests {

	private static final List<String> FILLERS = List.of("um", "uh", "you know");

	@Test
	void aCandidateWhoSaidNothingButFillersIsNotAssessable() {
		List<AnalysisReport.Segment> transcript = List.of(
				new AnalysisReport.Segment(0, 0L, 5_000L, "interviewer",
						"Tell me about a system you built recently, in as much detail as you like, please."),
				new AnalysisReport.Segment(1, 6_000L, 7_000L, "candidate", "Um... uh."),
				new AnalysisReport.Segment(2, 9_000L, 12_000L, "interviewer", "Take your time. Can you hear me?"));

		AnalysisReport.Assessability assessability = CandidateSpeech.assess(transcript, true, FILLERS, 20);

		assertThat(assessability.assessable()).isFalse();
		assertThat(assessability.candidateWords()).isZero();
		assertThat(assessability.reason())
			.isEqualTo("the candidate said nothing, fewer than the 20 needed to assess anything");
	}

	@Test
	void theMinimumCountsTheCandidatesWordsOnly() {
		assertThat(CandidateSpeech.assess(candidateSays(19), true, FILLERS, 20).reason())
			.isEqualTo("the candidate said only 19 words, fewer than the 20 needed to assess anything");
		AnalysisReport.Assessability enough = CandidateSpeech.assess(candidateSays(20), true, FILLERS, 20);
		assertThat(enough.assessable()).isTrue();
		assertThat(enough.candidateWords()).isEqualTo(20);
		assertThat(enough.reason()).isNull();
		assertThat(enough.basis()).isEqualTo("the candidate's lines, fillers not counted");
	}

	@Test
	void withoutSpeakersAllSpeechCounts() {
		List<AnalysisReport.Segment> transcript = List.of(new AnalysisReport.Segment(0, 0L, 1_000L, null, "Hello?"),
				new AnalysisReport.Segment(1, 2_000L, 3_000L, null, "Yes, hello."));

		AnalysisReport.Assessability assessability = CandidateSpeech.assess(transcript, false, FILLERS, 20);

		assertThat(assessability.assessable()).isFalse();
		assertThat(assessability.reason()).isEqualTo("the transcript has only 3 spoken words (speakers not "
				+ "identified), fewer than the 20 needed to assess anything");
	}

	/**
	 * An interviewer's long line, then the candidate's {@code words} words and fillers.
	 */
	private static List<AnalysisReport.Segment> candidateSays(int words) {
		List<String> said = new ArrayList<>();
		for (int i = 0; i < words; i++) {
			said.add("word" + i);
			said.add("um");
		}
		return List.of(
				new AnalysisReport.Segment(0, 0L, 1_000L, "interviewer", "a b c d e f g h i j k l m n o p q r s t"),
				new AnalysisReport.Segment(1, 1_000L, 9_000L, "candidate", String.join(" ", said)));
	}

}
