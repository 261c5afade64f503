package ai.flo.interviewer.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import ai.flo.interviewer.llm.StructuredOutput;
import com.openai.core.JsonSchemaValidator;
import com.openai.core.ObjectMappers;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Answers a model could give knowing ONLY a JSON schema (never the Java class behind it),
 * and the checks that every one of them passes our parse and validation: the minimal
 * instance (minimum values, {@code minItems} elements, the shortest strings that match),
 * the maximal one ({@code maximum}, {@code maxItems}, the last enum value, strings well
 * past any limit a description states, since strict mode does not enforce lengths), and
 * seeded random ones. Also: the schema uses only keywords OpenAI's strict mode accepts,
 * and passes openai-java's own local check.
 */
public final class SchemaOnlyAnswers {

	/**
	 * The keywords OpenAI's strict mode accepts, by type: openai-java 4.15.0's
	 * JsonSchemaValidator and OpenAI's "Supported schemas" list.
	 */
	static final Map<String, Set<String>> ACCEPTED = Map
		.of("object", Set.of("type", "properties", "required", "additionalProperties", "title", "description"), "array",
				Set.of("type", "items", "minItems", "maxItems", "title", "description"), "string",
				Set.of("type", "enum", "const", "pattern", "format", "title", "description"), "integer",
				Set.of("type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
						"multipleOf", "title", "description"),
				"boolean", Set.of("type", "enum", "const", "title", "description"));

	static final Set<String> ROOT_ONLY = Set.of("$schema", "$id", "$defs");

	/**
	 * JSON Schema's regexps are ECMA-262: its {@code \s}, spelled out for Java's regexps
	 * (whose {@code \s} is ASCII only).
	 */
	private static final String ECMA_WHITE_SPACE = "\\t\\n\\x0B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

	/**
	 * Characters for strings: white space of both kinds, separators String.isBlank()
	 * counts as white space, letters, and a character outside the BMP (a surrogate pair,
	 * for cuts).
	 */
	private static final List<String> ALPHABET = List.of(" ", "\t", "\n", "\u001C", "\u001F", "\u00A0", "\u2003",
			"\uFEFF", "a", "Z", "7", "é", "€", "\"", "\\", "😀");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

	private SchemaOnlyAnswers() {
	}

	/** Every instance (minimal, maximal, 25 random) parses and validates. */
	public static void assertAllPass(StructuredOutput<?> output) {
		Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
		Map<String, Object> schema = output.schema();
		List<Object> instances = new ArrayList<>(List.of(minimal(schema), maximal(schema)));
		for (long seed = 1; seed <= 25; seed++) {
			instances.add(random(schema, new Random(seed)));
		}
		for (Object instance : instances) {
			String json = JSON.writeValueAsString(instance);
			assertThatNoException().as("%s: an answer built from its schema alone: %.2000s", output.name(), json)
				.isThrownBy(() -> output.parse(json, validator));
		}
	}

	/**
	 * Only keywords strict mode accepts; every object closed with all its properties
	 * required; and openai-java's own check finds nothing.
	 */
	public static void assertStrict(Map<String, Object> schema) {
		assertThat(schema).containsKey("$schema");
		List<String> problems = new ArrayList<>();
		strict(schema, "#", true, problems);
		assertThat(problems).as("keywords and shape strict mode refuses").isEmpty();
		JsonSchemaValidator validator = JsonSchemaValidator.Companion.create()
			.validate(ObjectMappers.jsonMapper().valueToTree(schema));
		assertThat(validator.errors()).as("openai-java's JsonSchemaValidator").isEmpty();
		assertThat(validator.isValid()).isTrue();
	}

	@SuppressWarnings("unchecked")
	private static void strict(Map<String, Object> schema, String path, boolean root, List<String> problems) {
		String type = (String) schema.get("type");
		Set<String> accepted = ACCEPTED.get(type);
		if (accepted == null) {
			problems.add(path + ": type " + type);
			return;
		}
		for (String keyword : schema.keySet()) {
			if (!accepted.contains(keyword) && !(root && ROOT_ONLY.contains(keyword))) {
				problems.add(path + ": " + keyword);
			}
		}
		if (type.equals("object")) {
			Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
			if (!Boolean.FALSE.equals(schema.get("additionalProperties"))) {
				problems.add(path + ": additionalProperties is not false");
			}
			if (!List.copyOf(properties.keySet()).equals(schema.get("required"))) {
				problems.add(path + ": not every property is required");
			}
			properties.forEach((name, property) -> strict((Map<String, Object>) property, path + "/properties/" + name,
					false, problems));
		}
		if (type.equals("array")) {
			strict((Map<String, Object>) schema.get("items"), path + "/items", false, problems);
		}
		if (schema.get("pattern") instanceof String pattern && pattern.contains("(?")) {
			problems.add(path + ": a group construct (lookaround is refused)");
		}
	}

	public static Object minimal(Map<String, Object> schema) {
		return new Instances(Mode.MIN, new Random(0)).of(schema);
	}

	public static Object maximal(Map<String, Object> schema) {
		return new Instances(Mode.MAX, new Random(0)).of(schema);
	}

	public static Object random(Map<String, Object> schema, Random random) {
		return new Instances(Mode.RANDOM, random).of(schema);
	}

	/**
	 * Whether a string matches a JSON-schema pattern (ECMA-262 semantics: found anywhere
	 * unless anchored).
	 */
	public static boolean matches(String pattern, String text) {
		return PATTERNS.computeIfAbsent(pattern, (ecma) -> Pattern.compile(javaRegex(ecma))).matcher(text).find();
	}

	/** The limit a string's description states ("At most N characters"), or null. */
	static Integer statedLimit(Map<String, Object> schema) {
		if (schema.get("description") instanceof String description) {
			Matcher m = Pattern.compile("(?i)at most ([0-9,]+) characters").matcher(description);
			if (m.find()) {
				return Integer.valueOf(m.group(1).replace(",", ""));
			}
		}
		return null;
	}

	/** {@code \s} and {@code \S} as ECMA-262 has them, in and out of brackets. */
	static String javaRegex(String ecma) {
		StringBuilder out = new StringBuilder();
		boolean inClass = false;
		for (int i = 0; i < ecma.length(); i++) {
			char c = ecma.charAt(i);
			if (c == '\\' && i + 1 < ecma.length()) {
				char next = ecma.charAt(++i);
				if (next == 's') {
					out.append(inClass ? ECMA_WHITE_SPACE : "[" + ECMA_WHITE_SPACE + "]");
				}
				else if (next == 'S') {
					out.append("[^" + ECMA_WHITE_SPACE + "]");
				}
				else {
					out.append(c).append(next);
				}
				continue;
			}
			if (c == '[') {
				inClass = true;
			}
			else if (c == ']') {
				inClass = false;
			}
			out.append(c);
		}
		return out.toString();
	}

	private enum Mode {

		MIN, MAX, RANDOM

	}

	private record Instances(Mode mode, Random random) {

		@SuppressWarnings("unchecked")
		Object of(Map<String, Object> schema) {
			String type = (String) schema.get("type");
			return switch (type) {
				case "object" -> {
					Map<String, Object> object = new LinkedHashMap<>();
					((Map<String, Object>) schema.get("properties"))
						.forEach((name, property) -> object.put(name, of((Map<String, Object>) property)));
					yield object;
				}
				case "array" -> {
					int min = ((Number) schema.getOrDefault("minItems", 0)).intValue();
					Integer max = (schema.get("maxItems") instanceof Number n) ? n.intValue() : null;
					int size = switch (this.mode) {
						case MIN -> min;
						case MAX -> (max != null) ? max : min + 3;
						case RANDOM -> min + this.random.nextInt(((max != null) ? max : min + 4) - min + 1);
					};
					List<Object> array = new ArrayList<>();
					for (int i = 0; i < size; i++) {
						array.add(of((Map<String, Object>) schema.get("items")));
					}
					yield array;
				}
				case "string" -> string(schema);
				case "integer" -> {
					long min = ((Number) schema.getOrDefault("minimum", -1000)).longValue();
					long max = ((Number) schema.getOrDefault("maximum", 1000)).longValue();
					yield switch (this.mode) {
						case MIN -> min;
						case MAX -> max;
						case RANDOM -> (this.random.nextInt(4) == 0) ? ((this.random.nextBoolean()) ? min : max)
								: min + (long) (this.random.nextDouble() * ((double) max - min + 1));
					};
				}
				case "boolean" -> switch (this.mode) {
					case MIN -> false;
					case MAX -> true;
					case RANDOM -> this.random.nextBoolean();
				};
				default -> throw new IllegalArgumentException("no instances of type " + type);
			};
		}

		@SuppressWarnings("unchecked")
		private String string(Map<String, Object> schema) {
			if (schema.get("enum") instanceof List<?> values) {
				return (String) switch (this.mode) {
					case MIN -> values.get(0);
					case MAX -> values.get(values.size() - 1);
					case RANDOM -> values.get(this.random.nextInt(values.size()));
				};
			}
			if (schema.get("const") instanceof String value) {
				return value;
			}
			String pattern = (String) schema.get("pattern");
			if (this.mode == Mode.MIN) {
				return shortest(pattern);
			}
			Integer limit = statedLimit(schema);
			int length = switch (this.mode) {
				case MAX -> (limit != null) ? limit + 500 : 5000;
				default -> this.random.nextInt((limit != null) ? limit + 50 : 300);
			};
			for (int attempt = 0; attempt < 1000; attempt++) {
				StringBuilder text = new StringBuilder();
				while (text.length() < length) {
					text.append(ALPHABET.get(this.random.nextInt(ALPHABET.size())));
				}
				if (pattern == null || matches(pattern, text.toString())) {
					return text.toString();
				}
				// Short random strings can be all white space: try longer ones.
				length++;
			}
			throw new IllegalStateException("no random string matches " + pattern);
		}

		/** The first string that matches, shortest first, over the alphabet. */
		private static String shortest(String pattern) {
			if (pattern == null || matches(pattern, "")) {
				return "";
			}
			List<String> current = List.of("");
			for (int length = 1; length <= 3; length++) {
				List<String> next = new ArrayList<>();
				for (String prefix : current) {
					for (String c : ALPHABET) {
						String candidate = prefix + c;
						if (matches(pattern, candidate)) {
							return candidate;
						}
						next.add(candidate);
					}
				}
				current = next;
			}
			throw new IllegalStateException("no string of up to 3 characters matches " + pattern);
		}

	}

}
