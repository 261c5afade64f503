package ai.flo.interviewer.analysis;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTests {

	private static final List<String> FILLERS = List.of("um", "uh", "you know");

	@Test
	void computedFromTheCandidatesTimedSpeech() {
		List<AnalysisReport.Segment> segments = List.of(
				new AnalysisReport.Segment(0, 0L, 4_000L, "interviewer", "Tell me about your last project please now"),
				// 30 words in 10 s = 180 wpm; 3 fillers (um, uh, you know) in 30 words =
				// 10 per 100
				new AnalysisReport.Segment(1, 8_000L, 18_000L, "candidate",
						"um I built a payment service in Java with Spring and PostgreSQL uh we had "
								+ "about ten engineers you know and I led the API design for two years now"),
				new AnalysisReport.Segment(2, 18_500L, 20_000L, "interviewer", "Great thanks"));
		AnalysisReport.CommunicationMetrics metrics = Metrics.compute(segments, true, true, FILLERS, 3_000);
		assertThat(metrics.speakingRate().value()).isEqualTo(180.0);
		assertThat(metrics.fillerWords().value()).isEqualTo(10.0);
		assertThat(metrics.longPauses().value()).isEqualTo(1.0); // 4 s before the
																	// candidate's answer
		assertThat(metrics.longPauses().basis()).contains("longest 4.0 s");
		assertThat(metrics.talkRatio().value()).isEqualTo(Math.round(10_000 * 1000.0 / 15_500) / 10.0);
	}

	@Test
	void whatTheTranscriptCannotSupportIsAbsentWithAReason() {
		List<AnalysisReport.Segment> segments = List
			.of(new AnalysisReport.Segment(0, null, null, null, "Short answer."));
		AnalysisReport.CommunicationMetrics metrics = Metrics.compute(segments, false, false, FILLERS, 3_000);
		assertThat(metrics.speakingRate().value()).isNull();
		assertThat(metrics.speakingRate().absentReason()).isEqualTo("the transcript has no timestamps");
		assertThat(metrics.fillerWords().value()).isNull();
		assertThat(metrics.fillerWords().absentReason()).isEqualTo("fewer than 20 words");
		assertThat(metrics.longPauses().value()).isNull();
		assertThat(metrics.talkRatio().absentReason()).isEqualTo("speakers are not identified in this transcript");
	}

}
