package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a line the model cleaned may be shown as a reading aid beside the
 * verbatim line. The cleaned line is accepted only when it says the same words: both
 * lines are reduced to their words (case and punctuation ignored, see {@link Words}),
 * filler phrases ({@code FLO_ANALYSIS_FILLER_WORDS}) taken out and immediate repetitions
 * of one to three words collapsed ("I I built the the service" reads as "I built the
 * service"), and the two word lists must be equal. Anything else (a word added, changed,
 * dropped or moved) rejects the cleaned line, with the words that differ as the reason;
 * the verbatim line stands either way.
 */
final class CleaningGuard {

	/** Longest repetition collapsed, in words ("we had we had" is two). */
	private static final int MAX_REPEAT = 3;

	/** Words named in a rejection's reason, per side. */
	private static final int MAX_NAMED = 8;

	private final List<List<String>> fillers;

	CleaningGuard(List<String> fillerWords) {
		this.fillers = Words.phrases(fillerWords);
	}

	enum Verdict {

		/** The cleaned text is the verbatim text. */
		UNCHANGED,
		/** Differs only by punctuation, casing, fillers and repeated words. */
		ACCEPTED,
		/** Adds, changes, drops or moves words. */
		REJECTED

	}

	record Decision(Verdict verdict, String reason) {
	}

	Decision check(String verbatim, String cleaned) {
		if (cleaned.strip().equals(verbatim.strip())) {
			return new Decision(Verdict.UNCHANGED, null);
		}
		List<String> said = core(verbatim);
		List<String> proposed = core(cleaned);
		if (said.equals(proposed)) {
			return new Decision(Verdict.ACCEPTED, null);
		}
		return new Decision(Verdict.REJECTED, difference(said, proposed));
	}

	/**
	 * The reading aid for a transcript: every line the model cleaned, checked against its
	 * verbatim line. Lines whose cleaned text is the verbatim text are only counted.
	 * @param proposals the model's cleaned text per line index
	 */
	AnalysisReport.ReadingAid readingAid(List<AnalysisReport.Segment> verbatim, Map<Integer, String> proposals) {
		List<AnalysisReport.CleanedLine> lines = new ArrayList<>();
		int accepted = 0;
		int unchanged = 0;
		int rejected = 0;
		int missing = 0;
		for (AnalysisReport.Segment segment : verbatim) {
			String proposal = proposals.get(segment.index());
			if (proposal == null) {
				missing++;
				lines.add(new AnalysisReport.CleanedLine(segment.index(), "MISSING", null,
						"the model returned no cleaned text for this line"));
				continue;
			}
			Decision decision = check(segment.text(), proposal);
			switch (decision.verdict()) {
				case UNCHANGED -> unchanged++;
				case ACCEPTED -> {
					accepted++;
					lines.add(new AnalysisReport.CleanedLine(segment.index(), "ACCEPTED", proposal.strip(), null));
				}
				case REJECTED -> {
					rejected++;
					lines.add(new AnalysisReport.CleanedLine(segment.index(), "REJECTED", proposal.strip(),
							decision.reason()));
				}
			}
		}
		return new AnalysisReport.ReadingAid("DONE", null, accepted, unchanged, rejected, missing, lines);
	}

	/** The words that carry content: no fillers, no immediate repetitions. */
	List<String> core(String text) {
		return collapseRepeats(Words.withoutFillers(Words.of(text), this.fillers));
	}

	static List<String> collapseRepeats(List<String> words) {
		List<String> out = new ArrayList<>();
		int i = 0;
		outer: while (i < words.size()) {
			for (int n = MAX_REPEAT; n >= 1; n--) {
				if (out.size() >= n && i + n <= words.size()
						&& out.subList(out.size() - n, out.size()).equals(words.subList(i, i + n))) {
					i += n;
					continue outer;
				}
			}
			out.add(words.get(i++));
		}
		return out;
	}

	private static String difference(List<String> said, List<String> proposed) {
		List<String> added = minus(proposed, said);
		List<String> dropped = minus(said, proposed);
		if (added.isEmpty() && dropped.isEmpty()) {
			return "changes the order of the words";
		}
		List<String> parts = new ArrayList<>();
		if (!added.isEmpty()) {
			parts.add("adds " + named(added));
		}
		if (!dropped.isEmpty()) {
			parts.add("drops " + named(dropped));
		}
		return "changes the words: " + String.join("; ", parts);
	}

	/** The words of {@code a} left after taking out one of each word of {@code b}. */
	private static List<String> minus(List<String> a, List<String> b) {
		Map<String, Integer> available = new HashMap<>();
		b.forEach((word) -> available.merge(word, 1, Integer::sum));
		List<String> left = new ArrayList<>();
		for (String word : a) {
			if (available.getOrDefault(word, 0) > 0) {
				available.merge(word, -1, Integer::sum);
			}
			else {
				left.add(word);
			}
		}
		return left;
	}

	private static String named(List<String> words) {
		List<String> shown = words.subList(0, Math.min(MAX_NAMED, words.size()));
		return "“" + String.join(" ", shown) + "”" + ((words.size() > MAX_NAMED)
				? " and " + (words.size() - MAX_NAMED) + " more word" + ((words.size() - MAX_NAMED == 1) ? "" : "s")
				: "");
	}

}
