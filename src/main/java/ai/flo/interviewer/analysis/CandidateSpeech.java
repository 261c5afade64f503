package ai.flo.interviewer.analysis;

import java.util.List;

/**
 * Whether a transcript can be assessed at all, decided by our code from the verbatim
 * transcript and never by the model: the candidate must have said at least
 * {@code FLO_ANALYSIS_MIN_CANDIDATE_WORDS} words, fillers not counted. When the lines
 * name their speakers, only the candidate's lines count; when they do not (a recording),
 * all speech counts, which is the most the candidate can have said. A transcript below
 * the minimum is "not assessable" with the reason: no model step is asked, and no score
 * is given, rather than a low one.
 */
final class CandidateSpeech {

	private CandidateSpeech() {
	}

	static AnalysisReport.Assessability assess(List<AnalysisReport.Segment> verbatim, boolean speakersKnown,
			List<String> fillerWords, int minimumWords) {
		List<List<String>> fillers = Words.phrases(fillerWords);
		int words = verbatim.stream()
			.filter((s) -> !speakersKnown || "candidate".equals(s.speaker()))
			.mapToInt((s) -> Words.withoutFillers(Words.of(s.text()), fillers).size())
			.sum();
		String basis = speakersKnown ? "the candidate's lines, fillers not counted"
				: "all speech (speakers not identified), fillers not counted";
		if (words >= minimumWords) {
			return new AnalysisReport.Assessability(true, words, minimumWords, basis, null);
		}
		String said;
		if (speakersKnown) {
			said = (words == 0) ? "the candidate said nothing"
					: "the candidate said only " + words + " word" + ((words == 1) ? "" : "s");
		}
		else {
			said = (words == 0) ? "the transcript has no speech" : "the transcript has only " + words + " spoken word"
					+ ((words == 1) ? "" : "s") + " (speakers not identified)";
		}
		return new AnalysisReport.Assessability(false, words, minimumWords, basis,
				said + ", fewer than the " + minimumWords + " needed to assess anything");
	}

}
