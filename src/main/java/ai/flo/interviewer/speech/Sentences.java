package ai.flo.interviewer.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cuts text streamed from an LLM into sentences as they complete, so each can be spoken
 * while the rest is still being written. A sentence ends at {@code .}, {@code !} or
 * {@code ?} (with any closing quotes or brackets) followed by white space, and at a line
 * break. So {@code 3.5}, {@code 1.2.3} and {@code Next.js} never end one, and a stop at
 * the very end of the text so far waits for the next delta (it may yet become
 * {@code 3.5}). Common abbreviations ({@code e.g.}, {@code Dr.}, {@code etc.},
 * {@code U.S.} ...) and list numbers ({@code 1.} at the start of a line) do not end a
 * sentence either. A long run without any of these is cut at a comma, or else a space,
 * once it passes {@value #LONG} characters, so that speech can start early.
 * <p>
 * One per streamed answer; not thread-safe.
 */
public final class Sentences {

	/** Text longer than this without an end is cut at a comma or a space. */
	static final int LONG = 200;

	/**
	 * A long run is not cut before this many characters (a comma right at the start helps
	 * nobody).
	 */
	private static final int SHORTEST_CUT = 60;

	private static final Set<String> ABBREVIATIONS = Set.of("e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "prof.", "sr.",
			"jr.", "st.", "vs.", "etc.", "approx.", "cf.", "inc.", "ltd.", "co.", "no.", "fig.", "al.", "dept.", "est.",
			"min.", "max.", "resp.", "incl.", "ca.");

	/** Letters with dots after each: U.S., a.m., p.m. */
	private static final Pattern INITIALISM = Pattern.compile("(\\p{L}\\.){2,}");

	private static final String CLOSERS = "\"')]}”’»";

	private static final String OPENERS = "\"'([{“‘«";

	private final StringBuilder pending = new StringBuilder();

	/**
	 * Adds the next piece of streamed text.
	 * @return the sentences it completed, in order, without surrounding white space
	 * (often none)
	 */
	public List<String> add(String delta) {
		this.pending.append(delta);
		List<String> sentences = new ArrayList<>();
		for (int end = nextEnd(); end > 0; end = nextEnd()) {
			String sentence = this.pending.substring(0, end).strip();
			this.pending.delete(0, end);
			if (!sentence.isEmpty()) {
				sentences.add(sentence);
			}
		}
		return sentences;
	}

	/**
	 * The text after the last complete sentence (stripped; empty if none), and a fresh
	 * start.
	 */
	public String flush() {
		String rest = this.pending.toString().strip();
		this.pending.setLength(0);
		return rest;
	}

	/** Where the first complete sentence in {@link #pending} ends (exclusive), or -1. */
	private int nextEnd() {
		CharSequence text = this.pending;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n') {
				return i + 1;
			}
			if (c == '.' || c == '!' || c == '?' || c == '…') {
				int end = i + 1;
				while (end < text.length()
						&& (".!?…".indexOf(text.charAt(end)) >= 0 || CLOSERS.indexOf(text.charAt(end)) >= 0)) {
					end++;
				}
				if (end == text.length()) {
					break; // what comes next decides: "3." may become "3.5"
				}
				if (Character.isWhitespace(text.charAt(end)) && !abbreviation(text, i)) {
					return end;
				}
				i = end - 1;
			}
		}
		return (text.length() > LONG) ? longCut(text) : -1;
	}

	/** Whether the stop at {@code stop} closes a word that does not end a sentence. */
	private static boolean abbreviation(CharSequence text, int stop) {
		if (text.charAt(stop) != '.') {
			return false;
		}
		int start = stop;
		while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
			start--;
		}
		while (start < stop && OPENERS.indexOf(text.charAt(start)) >= 0) {
			start++;
		}
		String word = text.subSequence(start, stop + 1).toString();
		if (ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT)) || INITIALISM.matcher(word).matches()) {
			return true;
		}
		// "1." opening a line is a list number, not a sentence of its own
		boolean lineStart = text.subSequence(0, start).toString().isBlank();
		return lineStart && word.length() > 1
				&& word.substring(0, word.length() - 1).chars().allMatch(Character::isDigit);
	}

	/**
	 * Where to cut a long run: after its last comma, else its last space, but not too
	 * early.
	 */
	private static int longCut(CharSequence text) {
		for (int i = text.length() - 2; i >= SHORTEST_CUT; i--) {
			char c = text.charAt(i);
			if ((c == ',' || c == ';' || c == ':') && Character.isWhitespace(text.charAt(i + 1))) {
				return i + 1;
			}
		}
		for (int i = text.length() - 1; i >= SHORTEST_CUT; i--) {
			if (Character.isWhitespace(text.charAt(i))) {
				return i;
			}
		}
		return -1; // one endless word (a URL?): wait for a space
	}

}
