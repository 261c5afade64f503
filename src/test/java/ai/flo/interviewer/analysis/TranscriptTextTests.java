package ai.flo.interviewer.analysis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptTextTests {

	@Test
	void timestampsAndSpeakerLabels() {
		TranscriptText.Parsed parsed = TranscriptText.parse("""
				[00:00:05] Interviewer: Tell me about Kubernetes.
				[00:00:09] Candidate: I ran clusters for three years,
				mostly on bare metal.

				[00:01:02.500] Interviewer: Thanks.
				""");
		assertThat(parsed.timed()).isTrue();
		assertThat(parsed.speakersKnown()).isTrue();
		assertThat(parsed.segments()).hasSize(3);
		assertThat(parsed.segments().get(1)).isEqualTo(new AnalysisReport.Segment(1, 9_000L, 62_500L, "candidate",
				"I ran clusters for three years, mostly on bare metal."));
		assertThat(parsed.segments().get(2).endMs()).isNull();
	}

	@Test
	void plainParagraphsAreUntimedWithUnknownSpeakers() {
		TranscriptText.Parsed parsed = TranscriptText.parse("First paragraph\nstill first.\n\nSecond: a note.\n");
		assertThat(parsed.timed()).isFalse();
		assertThat(parsed.speakersKnown()).isFalse();
		assertThat(parsed.segments()).extracting(AnalysisReport.Segment::text)
			.containsExactly("First paragraph still first.", "Second: a note.");
	}

	@Test
	void mixedLabelsKeepTheKnownLabelInTheText() {
		TranscriptText.Parsed parsed = TranscriptText.parse("Q: Why Java?\nJohn: Because of the JVM.\n");
		assertThat(parsed.speakersKnown()).isFalse();
		assertThat(parsed.segments()).extracting(AnalysisReport.Segment::text)
			.containsExactly("Interviewer: Why Java?", "John: Because of the JVM.");
	}

}
