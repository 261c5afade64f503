package ai.flo.interviewer.speech;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How to say technical terms that voices get wrong (API as letters, SQL as "sequel",
 * Next.js as "next J S"), from {@code speech/pronunciations.tsv} on the classpath, read
 * once. Terms match as whole words: {@code api} inside {@code rapid} stays, and so does
 * {@code SQL} inside {@code MySQL} (which has a rule of its own). Case does not matter
 * unless a rule is marked {@code exact}: {@code AI} is spelled out, {@code ai} is left
 * alone. All rules apply in one pass, the longest term first where two start at the same
 * place, so a spoken form is never rewritten again.
 */
final class Pronunciations {

	static final String RESOURCE = "speech/pronunciations.tsv";

	private static final Pronunciations STANDARD = load(RESOURCE);

	/** Rules by lower-case term. */
	private final Map<String, Rule> rules;

	private final Pattern terms;

	private record Rule(String term, String spoken, boolean exact) {
	}

	private Pronunciations(List<Rule> rules) {
		this.rules = new HashMap<>();
		for (Rule rule : rules) {
			Rule before = this.rules.put(rule.term().toLowerCase(Locale.ROOT), rule);
			if (before != null) {
				throw new IllegalStateException(
						"pronunciation of '" + rule.term() + "' given twice (also as '" + before.term() + "')");
			}
		}
		// A term is a whole word when no letter, digit or underscore touches it on either
		// side.
		String alternatives = rules.stream()
			.map(Rule::term)
			.sorted(Comparator.comparingInt(String::length).reversed())
			.map(Pattern::quote)
			.collect(Collectors.joining("|"));
		this.terms = Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternatives + ")(?![\\p{L}\\p{N}_])",
				Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
	}

	/** The rules of {@value #RESOURCE}. */
	static Pronunciations standard() {
		return STANDARD;
	}

	/** {@code text} with every term replaced by its spoken form. */
	String apply(String text) {
		Matcher matcher = this.terms.matcher(text);
		StringBuilder out = new StringBuilder(text.length() + 16);
		while (matcher.find()) {
			String found = matcher.group();
			Rule rule = this.rules.get(found.toLowerCase(Locale.ROOT));
			String replacement = (rule == null || (rule.exact() && !rule.term().equals(found))) ? found : rule.spoken();
			if (replacement != found && found.endsWith(".") && text.substring(matcher.end()).isBlank()) {
				replacement += "."; // "etc." ending the sentence: the stop stays, and
									// with it the falling tone
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/** How many rules there are. */
	int size() {
		return this.rules.size();
	}

	static Pronunciations load(String resource) {
		InputStream in = Pronunciations.class.getClassLoader().getResourceAsStream(resource);
		if (in == null) {
			throw new IllegalStateException(resource + " is not on the classpath");
		}
		List<Rule> rules = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			int number = 0;
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				number++;
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] fields = line.split("\t");
				boolean exact = fields.length == 3 && fields[2].strip().equals("exact");
				if (fields.length < 2 || fields.length > 3 || (fields.length == 3 && !exact) || fields[0].isBlank()
						|| fields[1].isBlank()) {
					throw new IllegalStateException(
							resource + " line " + number + ": expected term<TAB>spoken form[<TAB>exact], got: " + line);
				}
				rules.add(new Rule(fields[0].strip(), fields[1].strip(), exact));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Pronunciations(rules);
	}

}
