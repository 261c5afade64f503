package ai.flo.interviewer.analysis;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTests {

	@Test
	void cutsFallInTheLatestSilenceOfTheSecondHalf() {
		List<MediaTools.Silence> silences = List.of(new MediaTools.Silence(20_000, 21_000),
				new MediaTools.Silence(40_000, 41_000), new MediaTools.Silence(52_000, 53_000),
				new MediaTools.Silence(95_000, 96_000));
		List<Long> cuts = Timeline.cuts(120_000, silences, 61_000, 1_000);
		assertThat(cuts).containsExactly(52_500L, 95_500L);
	}

	@Test
	void withoutSilenceTheCutIsAtTheLimit() {
		assertThat(Timeline.cuts(100_000, List.of(), 41_000, 1_000)).containsExactly(40_000L, 80_000L);
		assertThat(Timeline.cuts(30_000, List.of(), 41_000, 1_000)).isEmpty();
	}

	@Test
	void spansOverlapAroundEachCut() {
		List<Timeline.Span> spans = Timeline.spans(100_000, List.of(40_000L, 80_000L), 1_000);
		assertThat(spans).containsExactly(new Timeline.Span(0, 40_500), new Timeline.Span(39_500, 80_500),
				new Timeline.Span(79_500, 100_000));
	}

	@Test
	void stitchingShiftsTimesAndKeepsSpeechInTheOverlapOnce() {
		// The same sentence at 39.6-40.4 s is heard by both chunks (overlap 39.5-40.5 s):
		// kept once.
		Timeline.ChunkText first = new Timeline.ChunkText(0, 40_500,
				List.of(new Timeline.ChunkText.Part(1.0, 3.0, "one"), new Timeline.ChunkText.Part(39.6, 40.4, "edge")));
		Timeline.ChunkText second = new Timeline.ChunkText(39_500, 80_000,
				List.of(new Timeline.ChunkText.Part(0.1, 0.9, "edge"), new Timeline.ChunkText.Part(5.0, 7.5, "two")));
		List<AnalysisReport.Segment> all = Timeline.stitch(List.of(first, second));
		assertThat(all).extracting(AnalysisReport.Segment::text).containsExactly("one", "edge", "two");
		assertThat(all.get(2).startMs()).isEqualTo(44_500);
		assertThat(all.get(2).endMs()).isEqualTo(47_000);
		assertThat(all).extracting(AnalysisReport.Segment::index).containsExactly(0, 1, 2);
	}

	@Test
	void subtitles() {
		List<AnalysisReport.Segment> segments = List.of(
				new AnalysisReport.Segment(0, 1_500L, 3_250L, "candidate", "Hi --> there"),
				new AnalysisReport.Segment(1, 3_723_004L, 3_725_000L, null, "Later"));
		assertThat(Timeline.srt(segments)).isEqualTo("""
				1
				00:00:01,500 --> 00:00:03,250
				candidate: Hi --> there

				2
				01:02:03,004 --> 01:02:05,000
				Later

				""");
		assertThat(Timeline.vtt(segments))
			.startsWith("WEBVTT\n\n00:00:01.500 --> 00:00:03.250\ncandidate: Hi -> there\n");
	}

}
