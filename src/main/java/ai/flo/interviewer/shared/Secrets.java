package ai.flo.interviewer.shared;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in text bound for a log: passwords in URLs and query
 * strings, bearer tokens, our admin keys and providers' API keys. Applied to every log
 * line (see logback-spring.xml), whatever library wrote it.
 */
public final class Secrets {

	static final String MASK = "****";

	private static final List<Rule> RULES = List.of(
			// scheme://user:password@host
			new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]*:)([^@\\s/]+)@"), "$1" + MASK + "@"),
			// password=..., secret=..., api_key=..., token=... (query strings, key=value
			// lists)
			new Rule(Pattern.compile(
					"(?i)\\b(password|passwd|pwd|secret|api[_-]?secret|api[_-]?key|apikey|access[_-]?token|token|key)=([^&\\s;,\"']+)"),
					"$1=" + MASK),
			// JSON "password": "..."
			new Rule(Pattern.compile("(?i)(\"(?:password|secret|api[_-]?key|token)\"\\s*:\\s*\")([^\"]+)(\")"),
					"$1" + MASK + "$3"),
			new Rule(Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{6,}"), "$1" + MASK),
			new Rule(Pattern.compile("\\bflo_admin_[A-Za-z0-9_-]{8,}"), "flo_admin_" + MASK),
			new Rule(Pattern.compile("\\bsk-[A-Za-z0-9_-]{12,}"), "sk-" + MASK),
			new Rule(Pattern.compile("\\bgsk_[A-Za-z0-9]{12,}"), "gsk_" + MASK),
			new Rule(Pattern.compile("\\bAIza[A-Za-z0-9_-]{20,}"), "AIza" + MASK));

	private Secrets() {
	}

	public static String mask(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String masked = text;
		for (Rule rule : RULES) {
			Matcher matcher = rule.pattern.matcher(masked);
			if (matcher.find()) {
				masked = matcher.replaceAll(rule.replacement);
			}
		}
		return masked;
	}

	private record Rule(Pattern pattern, String replacement) {
	}

}
