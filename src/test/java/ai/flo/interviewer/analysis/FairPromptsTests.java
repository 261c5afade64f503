package ai.flo.interviewer.analysis;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.flo.interviewer.llm.Prompt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysis prompts never score accent, name, age, gender or origin, and the
 * communication metrics have no way to hear an accent (issue #14, the fairness guard).
 */
class FairPromptsTests {

	private static final List<AnalysisReport.Segment> TRANSCRIPT = List
		.of(new AnalysisReport.Segment(0, 0L, 2000L, "candidate", "I grew up in Lagos and I build Java services."));

	@Test
	void everyAssessingStepCarriesTheFairnessRule() {
		AnalysisPrompts.Context context = new AnalysisPrompts.Context("Backend Engineer", List.of("Java"), true,
				TRANSCRIPT);
		List<Prompt> prompts = List.of(AnalysisPrompts.skills(context), AnalysisPrompts.questions(context),
				AnalysisPrompts.insights(context), AnalysisPrompts.feedback(context),
				AnalysisPrompts.summary(context, "{}"), AnalysisPrompts.compare("{}", "human"));
		assertThat(prompts).allSatisfy((prompt) -> assertThat(prompt.system()).contains(Prompt.FAIRNESS_RULE));
		assertThat(Prompt.FAIRNESS_RULE).contains("accent, name, age, gender, origin")
			.contains("never score or rate them")
			.contains("never mention them as a factor");
	}

	@Test
	void communicationMetricsAreComputedFromWordsAndTimesOnly() {
		// What the metrics are computed from: a transcript line has its words, times and
		// speaker, and no audio; no metric can use an accent or a voice.
		assertThat(Arrays.stream(AnalysisReport.Segment.class.getRecordComponents()).map((c) -> c.getName()))
			.containsExactly("index", "startMs", "endMs", "speaker", "text");
		assertThat(Arrays.stream(Metrics.class.getDeclaredMethods())
			.filter((m) -> m.getName().equals("compute"))
			.flatMap((m) -> Arrays.stream(m.getParameterTypes()))
			.map(Class::getSimpleName)).containsExactly("List", "boolean", "boolean", "List", "long");
		assertThat(
				Arrays.stream(AnalysisReport.CommunicationMetrics.class.getRecordComponents()).map((c) -> c.getName()))
			.containsExactly("speakingRate", "fillerWords", "longPauses", "talkRatio");
	}

}
