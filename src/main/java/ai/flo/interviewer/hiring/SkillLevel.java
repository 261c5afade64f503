package ai.flo.interviewer.hiring;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How senior a skill or an interview is. Parsing accepts the words older {@code .env}
 * files use.
 */
public enum SkillLevel {

	BEGINNER, INTERMEDIATE, PROFESSIONAL, EXPERT;

	private static final Map<String, SkillLevel> ALIASES = Map.ofEntries(Map.entry("junior", BEGINNER),
			Map.entry("entry", BEGINNER), Map.entry("entry-level", BEGINNER), Map.entry("mid", INTERMEDIATE),
			Map.entry("mid-level", INTERMEDIATE), Map.entry("medium", INTERMEDIATE), Map.entry("senior", PROFESSIONAL),
			Map.entry("advanced", PROFESSIONAL), Map.entry("lead", EXPERT), Map.entry("staff", EXPERT),
			Map.entry("principal", EXPERT));

	public static Optional<SkillLevel> parse(String text) {
		if (text == null || text.isBlank()) {
			return Optional.empty();
		}
		String key = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
		return Arrays.stream(values())
			.filter((level) -> level.name().equalsIgnoreCase(key))
			.findFirst()
			.or(() -> Optional.ofNullable(ALIASES.get(key)));
	}

	public static String accepted() {
		return String.join(", ", Arrays.stream(values()).map(Enum::name).toList()) + " (also: "
				+ String.join(", ", new java.util.TreeSet<>(ALIASES.keySet())) + ")";
	}

}
