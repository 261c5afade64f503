package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the model's quotes against the verbatim transcript (what speech-to-text heard,
 * or the uploaded or server-written transcript): never against the model's cleaned
 * reading aid. A quote is verified when its words ({@link Words}: case and punctuation
 * ignored) occur, whole and in order, in one line: the line it names or, failing that,
 * the first line that has them; its line and time come from that line. Quotes are the
 * candidate's evidence, so when speakers are known only the candidate's lines count, and
 * a quote of instruction-like text ({@link InstructionCheck}) is no evidence even when it
 * was said. An unverified quote keeps its reason and supports no score.
 */
final class EvidenceCheck {

	private final List<AnalysisReport.Segment> verbatim;

	private final List<List<String>> words;

	private final boolean speakersKnown;

	private final List<List<String>> cleaned;

	private final Set<Integer> flagged;

	/**
	 * @param verbatim the verbatim transcript
	 * @param speakersKnown whether lines name their speaker
	 * @param cleanedProposals the model's cleaned text per line (accepted or not), only
	 * to tell a quote of it apart in the reason
	 * @param integrity the flagged lines: nothing in them is evidence
	 */
	EvidenceCheck(List<AnalysisReport.Segment> verbatim, boolean speakersKnown, Map<Integer, String> cleanedProposals,
			AnalysisReport.Integrity integrity) {
		this.verbatim = verbatim;
		this.speakersKnown = speakersKnown;
		this.words = verbatim.stream().map((s) -> Words.of(s.text())).toList();
		this.cleaned = cleanedProposals.values().stream().map(Words::of).toList();
		this.flagged = integrity.flags().stream().map(AnalysisReport.Flag::segmentIndex).collect(Collectors.toSet());
	}

	List<AnalysisReport.Evidence> check(List<AnalysisPrompts.Quote> quotes) {
		List<AnalysisReport.Evidence> checked = new ArrayList<>();
		for (AnalysisPrompts.Quote quote : quotes) {
			checked.add(check(quote));
		}
		return checked;
	}

	AnalysisReport.Evidence check(AnalysisPrompts.Quote quote) {
		List<String> wanted = Words.of(quote.quote());
		if (wanted.isEmpty()) {
			return unverified(quote, "the quote has no words");
		}
		if (InstructionCheck.matches(quote.quote())) {
			return unverified(quote, "an instruction to the grader, not an answer");
		}
		Integer found = null;
		if (quote.line() < this.words.size() && candidates(quote.line())
				&& Words.containsRun(this.words.get(quote.line()), wanted)) {
			found = quote.line();
		}
		for (int i = 0; i < this.words.size() && found == null; i++) {
			if (candidates(i) && Words.containsRun(this.words.get(i), wanted)) {
				found = i;
			}
		}
		if (found != null) {
			AnalysisReport.Segment line = this.verbatim.get(found);
			return new AnalysisReport.Evidence(quote.quote(), line.index(), line.startMs(), true, null);
		}
		for (int i = 0; i < this.words.size(); i++) {
			if (this.flagged.contains(this.verbatim.get(i).index()) && Words.containsRun(this.words.get(i), wanted)) {
				return unverified(quote, "from a line with instructions to the grader (see integrity), not an answer");
			}
		}
		for (int i = 0; i < this.words.size(); i++) {
			if (!candidates(i) && Words.containsRun(this.words.get(i), wanted)) {
				return unverified(quote, "said by the interviewer, not the candidate");
			}
		}
		if (this.cleaned.stream().anyMatch((line) -> Words.containsRun(line, wanted))) {
			return unverified(quote, "only in the model's cleaned text, not in what was said");
		}
		return unverified(quote, "not in the verbatim transcript");
	}

	/**
	 * Whether line {@code i} may hold the candidate's evidence: the candidate's, and not
	 * flagged.
	 */
	private boolean candidates(int i) {
		AnalysisReport.Segment line = this.verbatim.get(i);
		return (!this.speakersKnown || "candidate".equals(line.speaker())) && !this.flagged.contains(line.index());
	}

	private static AnalysisReport.Evidence unverified(AnalysisPrompts.Quote quote, String reason) {
		return new AnalysisReport.Evidence(quote.quote(), null, null, false, reason);
	}

}
