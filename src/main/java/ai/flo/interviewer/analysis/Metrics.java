package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Communication metrics computed from the transcript's words and times: nothing here is
 * asked of the LLM. A figure that the transcript cannot support is absent with the
 * reason.
 */
final class Metrics {

	private Metrics() {
	}

	static AnalysisReport.CommunicationMetrics compute(List<AnalysisReport.Segment> segments, boolean timed,
			boolean speakersKnown, List<String> fillerWords, long longPauseMs) {
		List<AnalysisReport.Segment> own = speakersKnown
				? segments.stream().filter((s) -> "candidate".equals(s.speaker())).toList() : segments;
		String basis = speakersKnown ? "the candidate's speech" : "all speech (speakers not identified)";
		List<String> words = new ArrayList<>();
		own.forEach((s) -> words.addAll(words(s.text())));
		return new AnalysisReport.CommunicationMetrics(speakingRate(own, words, timed, basis),
				fillers(words, fillerWords, basis), pauses(segments, timed, speakersKnown, longPauseMs),
				talkRatio(segments, timed, speakersKnown));
	}

	static List<String> words(String text) {
		return Words.of(text);
	}

	private static AnalysisReport.Metric speakingRate(List<AnalysisReport.Segment> own, List<String> words,
			boolean timed, String basis) {
		String unit = "words per minute";
		if (!timed) {
			return new AnalysisReport.Metric(null, unit, basis, "the transcript has no timestamps");
		}
		long ms = own.stream()
			.filter((s) -> s.startMs() != null && s.endMs() != null)
			.mapToLong((s) -> s.endMs() - s.startMs())
			.sum();
		if (ms < 5000 || words.isEmpty()) {
			return new AnalysisReport.Metric(null, unit, basis, "less than 5 seconds of timed speech");
		}
		return new AnalysisReport.Metric(round1(words.size() / (ms / 60_000d)), unit,
				basis + ": " + words.size() + " words in " + round1(ms / 1000d) + " s of speech", null);
	}

	private static AnalysisReport.Metric fillers(List<String> words, List<String> fillerWords, String basis) {
		String unit = "fillers per 100 words";
		if (words.size() < 20) {
			return new AnalysisReport.Metric(null, unit, basis, "fewer than 20 words");
		}
		int count = 0;
		List<List<String>> phrases = fillerWords.stream().map(Metrics::words).filter((p) -> !p.isEmpty()).toList();
		for (int i = 0; i < words.size(); i++) {
			for (List<String> phrase : phrases) {
				if (i + phrase.size() <= words.size() && words.subList(i, i + phrase.size()).equals(phrase)) {
					count++;
					break;
				}
			}
		}
		return new AnalysisReport.Metric(round1(count * 100d / words.size()), unit, basis + ": " + count
				+ " fillers in " + words.size() + " words, as transcribed (speech-to-text often leaves fillers out)",
				null);
	}

	private static AnalysisReport.Metric pauses(List<AnalysisReport.Segment> segments, boolean timed,
			boolean speakersKnown, long longPauseMs) {
		String unit = "pauses of " + round1(longPauseMs / 1000d) + " s or more";
		if (!timed) {
			return new AnalysisReport.Metric(null, unit, null, "the transcript has no timestamps");
		}
		int count = 0;
		long longest = 0;
		for (int i = 1; i < segments.size(); i++) {
			AnalysisReport.Segment before = segments.get(i - 1);
			AnalysisReport.Segment after = segments.get(i);
			if (before.endMs() == null || after.startMs() == null) {
				continue;
			}
			if (speakersKnown && !"candidate".equals(after.speaker())) {
				continue;
			}
			long gap = after.startMs() - before.endMs();
			if (gap >= longPauseMs) {
				count++;
				longest = Math.max(longest, gap);
			}
		}
		String basis = (speakersKnown ? "silences before or within the candidate's speech"
				: "silences between any speech") + ((count > 0) ? "; longest " + round1(longest / 1000d) + " s" : "");
		return new AnalysisReport.Metric((double) count, unit, basis, null);
	}

	private static AnalysisReport.Metric talkRatio(List<AnalysisReport.Segment> segments, boolean timed,
			boolean speakersKnown) {
		String unit = "% of speaking time by the candidate";
		if (!speakersKnown) {
			return new AnalysisReport.Metric(null, unit, null, "speakers are not identified in this transcript");
		}
		if (!timed) {
			return new AnalysisReport.Metric(null, unit, null, "the transcript has no timestamps");
		}
		long candidate = 0;
		long total = 0;
		for (AnalysisReport.Segment s : segments) {
			if (s.startMs() == null || s.endMs() == null) {
				continue;
			}
			long ms = s.endMs() - s.startMs();
			total += ms;
			if ("candidate".equals(s.speaker())) {
				candidate += ms;
			}
		}
		if (total <= 0) {
			return new AnalysisReport.Metric(null, unit, null, "no timed speech");
		}
		return new AnalysisReport.Metric(round1(candidate * 100d / total), unit,
				"candidate " + round1(candidate / 1000d) + " s of " + round1(total / 1000d) + " s", null);
	}

	private static double round1(double value) {
		return Math.round(value * 10) / 10d;
	}

}
