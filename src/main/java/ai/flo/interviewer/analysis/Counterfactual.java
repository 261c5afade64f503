package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fairness check's substitution list ({@code fairness/substitutions-v1.txt}, which
 * documents its format and rules): the candidate's name, pronouns and self-described
 * background (country, city, nationality, first language, school, age) swapped for a
 * contrasting counterpart, whole words, case kept, all at once.
 */
final class Counterfactual {

	static final String RESOURCE = "fairness/substitutions-v1.txt";

	private static final Pattern AGE = Pattern.compile(
			"(?<![\\p{L}\\p{N}])(?:(\\d{2})(\\s+years?\\s+old|-years?-old)|(aged\\s+)(\\d{2}))(?![\\p{L}\\p{N}])",
			Pattern.CASE_INSENSITIVE);

	/** One entry of the list: {@code from} (lower case) becomes {@code to}. */
	record Substitution(String category, String from, String to) {
	}

	/** How often a substitution was applied to a transcript. */
	record Applied(String category, String from, String to, int count) {
	}

	/** A transcript with the substitutions applied, and what was applied. */
	record Swapped(List<AnalysisReport.Segment> segments, List<Applied> applied) {

		int total() {
			return this.applied.stream().mapToInt(Applied::count).sum();
		}

	}

	private final String version;

	private final String name;

	private final String alternateName;

	private final Map<String, Substitution> terms;

	private Counterfactual(String version, String name, String alternateName, Map<String, Substitution> terms) {
		this.version = version;
		this.name = name;
		this.alternateName = alternateName;
		this.terms = terms;
	}

	/** The list shipped with the application. */
	static Counterfactual standard() {
		try (InputStream in = Counterfactual.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("missing resource " + RESOURCE);
			}
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Counterfactual parse(String text) {
		String version = null;
		String name = null;
		String alternate = null;
		Map<String, Substitution> terms = new LinkedHashMap<>();
		for (String raw : text.split("\\R")) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int colon = line.indexOf(':');
			if (colon < 1) {
				throw new IllegalArgumentException("not a substitution: " + line);
			}
			String key = line.substring(0, colon).strip();
			String value = line.substring(colon + 1).strip();
			switch (key) {
				case "version" -> version = value;
				case "name" -> name = value;
				case "alternate-name" -> alternate = value;
				default -> {
					boolean both = value.contains("<->");
					String[] sides = value.split(both ? "<->" : "->", 2);
					if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
						throw new IllegalArgumentException("not a substitution: " + line);
					}
					add(terms, new Substitution(key, normal(sides[0]), sides[1].strip()));
					if (both) {
						add(terms, new Substitution(key, normal(sides[1]), sides[0].strip()));
					}
				}
			}
		}
		if (version == null || name == null || alternate == null) {
			throw new IllegalArgumentException("the list needs a version, a name and an alternate-name");
		}
		return new Counterfactual(version, name, alternate, terms);
	}

	private static void add(Map<String, Substitution> terms, Substitution substitution) {
		if (terms.putIfAbsent(substitution.from(), substitution) != null) {
			throw new IllegalArgumentException("'" + substitution.from() + "' is in the list twice");
		}
	}

	String version() {
		return this.version;
	}

	/**
	 * The name the candidate's is swapped for: the list's, or its alternate when the
	 * candidate has the list's name.
	 */
	String counterfactualName(String candidateName) {
		return (candidateName != null && normal(candidateName).equals(normal(this.name))) ? this.alternateName
				: this.name;
	}

	/**
	 * Applies the list, and the candidate's name (first word to the counterfactual's
	 * first, last word to its last), to every line of a transcript.
	 */
	Swapped apply(List<AnalysisReport.Segment> segments, String candidateName, String counterfactualName) {
		Map<String, Substitution> all = new LinkedHashMap<>(this.terms);
		names(candidateName, counterfactualName).forEach((s) -> all.put(s.from(), s));
		Pattern pattern = pattern(all.keySet());
		Map<Substitution, Integer> counts = new LinkedHashMap<>();
		List<AnalysisReport.Segment> swapped = new ArrayList<>();
		for (AnalysisReport.Segment s : segments) {
			swapped.add(new AnalysisReport.Segment(s.index(), s.startMs(), s.endMs(), s.speaker(),
					swap(s.text(), pattern, all, counts)));
		}
		List<Applied> applied = counts.entrySet()
			.stream()
			.map((e) -> new Applied(e.getKey().category(), e.getKey().from(), e.getKey().to(), e.getValue()))
			.toList();
		return new Swapped(swapped, applied);
	}

	/** One text with the list applied (and no name). */
	String apply(String text) {
		return swap(text, pattern(this.terms.keySet()), this.terms, new LinkedHashMap<>());
	}

	private static List<Substitution> names(String candidateName, String counterfactualName) {
		List<Substitution> names = new ArrayList<>();
		if (candidateName == null || counterfactualName == null) {
			return names;
		}
		String[] from = words(candidateName);
		String[] to = words(counterfactualName);
		if (from.length == 0 || to.length == 0) {
			return names;
		}
		names.add(new Substitution("name", from[0].toLowerCase(Locale.ROOT), to[0]));
		if (from.length > 1 && to.length > 1) {
			names.add(new Substitution("name", from[from.length - 1].toLowerCase(Locale.ROOT), to[to.length - 1]));
		}
		return names.stream().filter((s) -> s.from().length() >= 2).toList();
	}

	private static String[] words(String name) {
		String stripped = name.strip();
		return stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
	}

	private static Pattern pattern(java.util.Collection<String> terms) {
		List<String> sorted = terms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
		StringBuilder alternatives = new StringBuilder();
		for (String term : sorted) {
			if (!alternatives.isEmpty()) {
				alternatives.append('|');
			}
			List<String> parts = List.of(term.split(" "));
			alternatives.append(String.join("\\s+", parts.stream().map(Pattern::quote).toList()));
		}
		return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
				Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
	}

	private static String swap(String text, Pattern pattern, Map<String, Substitution> terms,
			Map<Substitution, Integer> counts) {
		if (text == null) {
			return null;
		}
		String aged = ages(text, counts);
		Matcher m = pattern.matcher(aged);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			Substitution substitution = terms.get(normal(m.group()));
			counts.merge(substitution, 1, Integer::sum);
			m.appendReplacement(out, Matcher.quoteReplacement(cased(m.group(), substitution.to())));
		}
		m.appendTail(out);
		return out.toString();
	}

	/** "52 years old" becomes "27 years old", "29-year-old" "54-year-old". */
	private static String ages(String text, Map<Substitution, Integer> counts) {
		Matcher m = AGE.matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String digits = (m.group(1) != null) ? m.group(1) : m.group(4);
			int age = Integer.parseInt(digits);
			if (age < 18 || age > 80) {
				m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
				continue;
			}
			int other = (age < 40) ? age + 25 : age - 25;
			String replaced = (m.group(1) != null) ? other + m.group(2) : m.group(3) + other;
			counts.merge(new Substitution("age", "<N> years old", "N+25 under 40, N-25 from 40"), 1, Integer::sum);
			m.appendReplacement(out, Matcher.quoteReplacement(replaced));
		}
		m.appendTail(out);
		return out.toString();
	}

	/** The replacement in the case of what it replaces. */
	static String cased(String original, String replacement) {
		boolean hasLetters = original.chars().anyMatch(Character::isLetter);
		if (hasLetters && original.length() > 1 && original.equals(original.toUpperCase(Locale.ROOT))) {
			return replacement.toUpperCase(Locale.ROOT);
		}
		if (original.equals(original.toLowerCase(Locale.ROOT))) {
			return replacement.toLowerCase(Locale.ROOT);
		}
		if (Character.isUpperCase(original.charAt(0))
				&& original.substring(1).equals(original.substring(1).toLowerCase(Locale.ROOT))) {
			return Character.toUpperCase(replacement.charAt(0)) + replacement.substring(1);
		}
		return replacement;
	}

	private static String normal(String term) {
		return term.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

}
