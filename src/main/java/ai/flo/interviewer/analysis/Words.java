package ai.flo.interviewer.analysis;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words of a text, normalised for case and punctuation: what the cleaning guard, the
 * evidence check and the metrics compare. Letters and digits make words; everything else
 * (punctuation, dashes, quotes) separates them, except apostrophes, which are dropped
 * ({@code don't}, {@code don’t} and {@code dont} are one word). Compatibility forms are
 * folded (NFKC), so a full-width or ligature letter reads as its plain letter.
 */
final class Words {

	private Words() {
	}

	static List<String> of(String text) {
		List<String> words = new ArrayList<>();
		if (text == null) {
			return words;
		}
		String folded = Normalizer.normalize(text, Normalizer.Form.NFKC)
			.toLowerCase(Locale.ROOT)
			.replaceAll("['’‘ʼ`]", "");
		for (String token : folded.split("[^\\p{L}\\p{N}]+")) {
			if (!token.isEmpty()) {
				words.add(token);
			}
		}
		return words;
	}

	/** The words joined by single spaces. */
	static String joined(String text) {
		return String.join(" ", of(text));
	}

	/**
	 * Whether {@code needle} occurs in {@code haystack} as whole words, in order and next
	 * to each other.
	 */
	static boolean containsRun(List<String> haystack, List<String> needle) {
		if (needle.isEmpty() || needle.size() > haystack.size()) {
			return false;
		}
		for (int i = 0; i + needle.size() <= haystack.size(); i++) {
			if (haystack.subList(i, i + needle.size()).equals(needle)) {
				return true;
			}
		}
		return false;
	}

	/** The filler phrases, each as its words (empty ones left out). */
	static List<List<String>> phrases(List<String> fillerWords) {
		return fillerWords.stream().map(Words::of).filter((p) -> !p.isEmpty()).toList();
	}

	/** The words with every occurrence of a filler phrase taken out. */
	static List<String> withoutFillers(List<String> words, List<List<String>> fillers) {
		List<String> kept = new ArrayList<>();
		int i = 0;
		outer: while (i < words.size()) {
			for (List<String> phrase : fillers) {
				if (i + phrase.size() <= words.size() && words.subList(i, i + phrase.size()).equals(phrase)) {
					i += phrase.size();
					continue outer;
				}
			}
			kept.add(words.get(i++));
		}
		return kept;
	}

}
