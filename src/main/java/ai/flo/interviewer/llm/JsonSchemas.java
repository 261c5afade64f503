package ai.flo.interviewer.llm;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * JSON schemas for strict structured outputs and tool parameters, built from a record's
 * components and their Jakarta constraints: the schema the model is held to and the
 * validation its answer must pass come from one definition, so they cannot drift.
 * <p>
 * What OpenAI's strict mode accepts, as verified in openai-java 4.15.0's
 * {@code com.openai.core.JsonSchemaValidator} (the local check its
 * {@code responseFormat(Class)} runs) and in the "Supported schemas" list of OpenAI's
 * structured-outputs guide: objects with {@code properties}, {@code required} naming
 * every property and {@code additionalProperties: false}; arrays with {@code items},
 * {@code minItems}, {@code maxItems}; strings with {@code enum}, {@code const},
 * {@code pattern}, {@code format}; integers with {@code enum}, {@code const},
 * {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum},
 * {@code multipleOf}; {@code description} and {@code title} anywhere; {@code $schema},
 * {@code $id}, {@code $defs} at the root only; {@code anyOf} (not at the root) and
 * {@code $ref}. There is no {@code minLength} or {@code maxLength}: openai-java refuses
 * them and OpenAI's list has none. OpenAI refuses a {@code pattern} with lookaround.
 * openai-java also caps a schema at 5 levels of nesting, 100 properties and 500 enum
 * values.
 * <p>
 * How each constraint becomes schema:
 * <ul>
 * <li>every component is a required property and no type admits null (strict mode); the
 * parse ({@link StructuredOutput#parse}) reports a missing property or a null, so
 * {@code @NotNull} holds whether written or not;</li>
 * <li>{@code @NotBlank} on a string: a {@link #NOT_BLANK pattern} that needs one
 * character {@link String#isBlank()} does not count as white space; {@code @NotEmpty} or
 * {@code @Size(min = 1)}: a pattern that needs one character;</li>
 * <li>{@code @Size(max)} on a string has no accepted keyword: the limit is stated in the
 * property's {@code description}, and the parse cuts a longer text to the limit, ending
 * it with {@link #CUT}, instead of failing a whole answer over its length;</li>
 * <li>{@code @Size} and {@code @NotEmpty} on a list: {@code minItems}/{@code maxItems};
 * {@code @Min}/{@code @Max}: {@code minimum}/{@code maximum}, and an {@code int} without
 * them gets the {@code int} range (a larger number could not be read);</li>
 * <li>{@code @Pattern} whose regexp is a plain alternation ({@code LOW|MEDIUM|HIGH}) and
 * Java enums: {@code enum};</li>
 * <li>a nested record: an object, and it needs {@code @Valid} (else validation would not
 * look inside while the schema does); a list's elements carry their own constraints
 * ({@code List<@NotBlank String>}, {@code List<@Valid Item>}).</li>
 * </ul>
 * Anything else (another constraint, another regexp, {@code @Size(min > 1)} on a string,
 * another type) is refused when the schema is built rather than left out of it.
 */
final class JsonSchemas {

	static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

	/**
	 * Some character that is neither white space for JSON Schema's regexps (ECMA-262
	 * {@code \s}) nor for {@link String#isBlank()} (which also counts U+001C to U+001F).
	 * Anchored on both ends and padded with {@code [\s\S]*}, so it means the same whether
	 * a provider searches (JSON Schema) or matches the whole string; no lookaround, which
	 * OpenAI refuses.
	 */
	static final String NOT_BLANK = "^[\\s\\S]*[^\\s\\x1C-\\x1F][\\s\\S]*$";

	static final String NOT_EMPTY = "^[\\s\\S]+$";

	/** Ends a text cut at its limit. */
	static final String CUT = "…[cut]";

	private static final java.util.regex.Pattern ALTERNATION = java.util.regex.Pattern
		.compile("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)*");

	private static final Set<Class<? extends Annotation>> SUPPORTED = Set.of(NotNull.class, NotBlank.class,
			NotEmpty.class, Size.class, Min.class, Max.class, Pattern.class);

	private static final ClassValue<Obj> SHAPES = new ClassValue<>() {

		@Override
		protected Obj computeValue(Class<?> type) {
			return object(type, name(type), new HashSet<>());
		}

	};

	private JsonSchemas() {
	}

	/**
	 * The shape of a record's JSON, with the constraints its schema states.
	 * @throws IllegalArgumentException if it is not a record, or has a type or constraint
	 * a strict schema cannot state
	 */
	static Obj shape(Class<?> record) {
		return SHAPES.get(record);
	}

	/** A structured output's schema: the record's object schema, naming its dialect. */
	static Map<String, Object> schema(Class<?> record) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("$schema", DIALECT);
		schema.putAll(shape(record).schema());
		return schema;
	}

	/** A tool's {@code parameters}: the record's object schema. */
	static Map<String, Object> parameters(Class<?> record) {
		return shape(record).schema();
	}

	/** What the parse found while fitting an answer to its shape. */
	static final class Fit {

		final List<String> problems = new ArrayList<>();

		/** Where the problems are (validation need not add its own there). */
		final Set<String> paths = new HashSet<>();

		final List<String> cuts = new ArrayList<>();

		void problem(String path, String message) {
			this.problems.add(path.isEmpty() ? "the answer " + message : path + " " + message);
			this.paths.add(path);
		}

	}

	/**
	 * A JSON value's shape: its schema, and the checks the parse makes before binding.
	 */
	sealed interface Shape permits Obj, Arr, Str, Int, Bool {

		Map<String, Object> schema();

		/**
		 * Reports what validation cannot see (a missing property, a null, a wrong JSON
		 * type) and cuts texts over their limit; returns the node to keep.
		 */
		JsonNode fit(JsonNode node, String path, Fit fit);

	}

	record Obj(Class<?> type, Map<String, Shape> properties) implements Shape {

		@Override
		public Map<String, Object> schema() {
			Map<String, Object> schema = new LinkedHashMap<>();
			schema.put("type", "object");
			Map<String, Object> properties = new LinkedHashMap<>();
			this.properties.forEach((name, shape) -> properties.put(name, shape.schema()));
			schema.put("properties", properties);
			schema.put("required", List.copyOf(this.properties.keySet()));
			schema.put("additionalProperties", false);
			return schema;
		}

		@Override
		public JsonNode fit(JsonNode node, String path, Fit fit) {
			if (!(node instanceof ObjectNode object)) {
				fit.problem(path, "must be a JSON object");
				return node;
			}
			this.properties.forEach((name, shape) -> {
				String at = path.isEmpty() ? name : path + "." + name;
				JsonNode value = object.get(name);
				if (value == null) {
					fit.problem(at, "is missing");
				}
				else if (value.isNull()) {
					fit.problem(at, "must not be null");
				}
				else {
					JsonNode fitted = shape.fit(value, at, fit);
					if (fitted != value) {
						object.set(name, fitted);
					}
				}
			});
			return object;
		}

	}

	record Arr(Shape items, int minItems, Integer maxItems) implements Shape {

		@Override
		public Map<String, Object> schema() {
			Map<String, Object> schema = new LinkedHashMap<>();
			schema.put("type", "array");
			schema.put("items", this.items.schema());
			if (this.minItems > 0) {
				schema.put("minItems", this.minItems);
			}
			if (this.maxItems != null) {
				schema.put("maxItems", this.maxItems);
			}
			return schema;
		}

		@Override
		public JsonNode fit(JsonNode node, String path, Fit fit) {
			if (!(node instanceof ArrayNode array)) {
				fit.problem(path, "must be a JSON array");
				return node;
			}
			for (int i = 0; i < array.size(); i++) {
				String at = path + "[" + i + "]";
				JsonNode element = array.get(i);
				if (element.isNull()) {
					fit.problem(at, "must not be null");
					continue;
				}
				JsonNode fitted = this.items.fit(element, at, fit);
				if (fitted != element) {
					array.set(i, fitted);
				}
			}
			return array;
		}

	}

	/**
	 * A string: one of {@code values}, or matching {@code pattern} (if any) and cut at
	 * {@code maxLength} (if any).
	 */
	record Str(List<String> values, String pattern, Integer maxLength) implements Shape {

		@Override
		public Map<String, Object> schema() {
			Map<String, Object> schema = new LinkedHashMap<>();
			schema.put("type", "string");
			if (this.values != null) {
				schema.put("enum", this.values);
			}
			if (this.pattern != null) {
				schema.put("pattern", this.pattern);
			}
			if (this.maxLength != null) {
				schema.put("description", "At most " + this.maxLength + " characters; a longer text is cut there.");
			}
			return schema;
		}

		@Override
		public JsonNode fit(JsonNode node, String path, Fit fit) {
			if (!node.isTextual()) {
				fit.problem(path, "must be a JSON string");
				return node;
			}
			String text = node.textValue();
			if (this.maxLength == null || text.length() <= this.maxLength) {
				return node;
			}
			int keep = this.maxLength - CUT.length();
			// The limit counts UTF-16 units, as @Size does; never keep half a surrogate
			// pair.
			if (Character.isHighSurrogate(text.charAt(keep - 1))) {
				keep--;
			}
			fit.cuts.add(path + " (" + text.length() + " characters, at most " + this.maxLength + ")");
			return TextNode.valueOf(text.substring(0, keep) + CUT);
		}

	}

	record Int(int minimum, int maximum) implements Shape {

		@Override
		public Map<String, Object> schema() {
			Map<String, Object> schema = new LinkedHashMap<>();
			schema.put("type", "integer");
			schema.put("minimum", this.minimum);
			schema.put("maximum", this.maximum);
			return schema;
		}

		@Override
		public JsonNode fit(JsonNode node, String path, Fit fit) {
			// JSON Schema counts 3.0 as an integer; 3.5 is not one (and would be cut to 3
			// when read).
			if (!node.isIntegralNumber()
					&& !(node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0)) {
				fit.problem(path, "must be a JSON integer");
			}
			return node;
		}

	}

	record Bool() implements Shape {

		@Override
		public Map<String, Object> schema() {
			return new LinkedHashMap<>(Map.of("type", "boolean"));
		}

		@Override
		public JsonNode fit(JsonNode node, String path, Fit fit) {
			if (!node.isBoolean()) {
				fit.problem(path, "must be true or false");
			}
			return node;
		}

	}

	private static Obj object(Class<?> type, String where, Set<Class<?>> enclosing) {
		if (!type.isRecord()) {
			throw refused(where, "a structured output or tool's arguments must be a record, not " + type.getName());
		}
		if (!enclosing.add(type)) {
			throw refused(where, "a record that contains itself needs $ref, which this generator does not write");
		}
		for (Annotation annotation : type.getAnnotations()) {
			if (isConstraint(annotation)) {
				throw refused(where, "a constraint on the whole record (@" + annotation.annotationType().getSimpleName()
						+ ") has no JSON-schema keyword");
			}
		}
		Map<String, Shape> properties = new LinkedHashMap<>();
		for (RecordComponent component : type.getRecordComponents()) {
			properties.put(component.getName(),
					shape(component.getAnnotatedType(), name(type) + "." + component.getName(), false, enclosing));
		}
		if (properties.isEmpty()) {
			throw refused(where, "OpenAI needs at least one property in every object");
		}
		enclosing.remove(type);
		return new Obj(type, properties);
	}

	/**
	 * @param cascaded whether the enclosing list carries {@code @Valid} (which cascades
	 * to its elements)
	 */
	private static Shape shape(AnnotatedType annotated, String where, boolean cascaded, Set<Class<?>> enclosing) {
		Type type = annotated.getType();
		Class<?> raw = (type instanceof Class<?> c) ? c
				: (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) ? c : null;
		List<Annotation> constraints = constraints(annotated, where);
		boolean valid = cascaded || annotated.isAnnotationPresent(Valid.class);
		if (raw == String.class) {
			return string(constraints, where);
		}
		if (raw == int.class || raw == Integer.class) {
			only(constraints, where, NotNull.class, Min.class, Max.class);
			long min = Math.max(Integer.MIN_VALUE, find(constraints, Min.class).map(Min::value).orElse(Long.MIN_VALUE));
			long max = Math.min(Integer.MAX_VALUE, find(constraints, Max.class).map(Max::value).orElse(Long.MAX_VALUE));
			if (min > max) {
				throw refused(where, "no int is at least " + min + " and at most " + max);
			}
			return new Int((int) min, (int) max);
		}
		if (raw == boolean.class || raw == Boolean.class) {
			only(constraints, where, NotNull.class);
			return new Bool();
		}
		if (raw != null && raw.isEnum()) {
			only(constraints, where, NotNull.class);
			return new Str(
					Arrays.stream(raw.getEnumConstants()).map((constant) -> ((Enum<?>) constant).name()).toList(), null,
					null);
		}
		if (raw == List.class && annotated instanceof AnnotatedParameterizedType list) {
			only(constraints, where, NotNull.class, NotEmpty.class, Size.class);
			Size size = find(constraints, Size.class).orElse(null);
			int min = Math.max((size != null) ? size.min() : 0, find(constraints, NotEmpty.class).isPresent() ? 1 : 0);
			Integer max = (size != null && size.max() != Integer.MAX_VALUE) ? size.max() : null;
			if (max != null && min > max) {
				throw refused(where, "no list has at least " + min + " and at most " + max + " elements");
			}
			Shape items = shape(list.getAnnotatedActualTypeArguments()[0], where + "[]",
					annotated.isAnnotationPresent(Valid.class), enclosing);
			return new Arr(items, min, max);
		}
		if (raw != null && raw.isRecord()) {
			only(constraints, where, NotNull.class);
			if (!valid) {
				throw refused(where,
						"a nested record needs @Valid, else validation does not check what its schema states");
			}
			return object(raw, where, enclosing);
		}
		throw refused(where, "the type " + type.getTypeName()
				+ " (a structured output is made of String, int, boolean, enums, List and records)");
	}

	private static Str string(List<Annotation> constraints, String where) {
		only(constraints, where, NotNull.class, NotBlank.class, NotEmpty.class, Size.class, Pattern.class);
		Size size = find(constraints, Size.class).orElse(null);
		int min = (size != null) ? size.min() : 0;
		Integer max = (size != null && size.max() != Integer.MAX_VALUE) ? size.max() : null;
		Pattern pattern = find(constraints, Pattern.class).orElse(null);
		if (pattern != null) {
			if (pattern.flags().length > 0 || !ALTERNATION.matcher(pattern.regexp()).matches()) {
				throw refused(where, "@Pattern(regexp = \"" + pattern.regexp()
						+ "\") is not a plain alternation of words (A|B|C), the only kind written as an enum");
			}
			List<String> values = Arrays.stream(pattern.regexp().split("\\|")).distinct().toList();
			for (String value : values) {
				if (value.length() < min || (max != null && value.length() > max)) {
					throw refused(where, "\"" + value + "\" breaks the @Size on the same string");
				}
			}
			return new Str(values, null, null);
		}
		if (min > 1) {
			throw refused(where,
					"@Size(min = " + min + ") on a string: strict mode has no minLength (use @NotBlank, or an enum)");
		}
		if (max != null && max <= CUT.length()) {
			throw refused(where, "@Size(max = " + max + ") on a string leaves no room to mark a cut (use an enum)");
		}
		String regexp = find(constraints, NotBlank.class).isPresent() ? NOT_BLANK
				: (find(constraints, NotEmpty.class).isPresent() || min == 1) ? NOT_EMPTY : null;
		return new Str(null, regexp, max);
	}

	/**
	 * The Jakarta constraints on a type (written on the record component, they apply to
	 * its type too).
	 */
	private static List<Annotation> constraints(AnnotatedType annotated, String where) {
		List<Annotation> constraints = new ArrayList<>();
		for (Annotation annotation : annotated.getAnnotations()) {
			if (!isConstraint(annotation)) {
				continue;
			}
			if (!SUPPORTED.contains(annotation.annotationType())) {
				throw refused(where, "@" + annotation.annotationType().getName()
						+ " has no mapping to the JSON-schema keywords strict mode accepts");
			}
			if (groups(annotation).length > 0) {
				throw refused(where, "@" + annotation.annotationType().getSimpleName()
						+ " in validation groups: the default validation would not check it");
			}
			constraints.add(annotation);
		}
		return constraints;
	}

	private static boolean isConstraint(Annotation annotation) {
		Class<? extends Annotation> type = annotation.annotationType();
		// Repeated constraints come in a container (@Size.List): refused as unsupported.
		return type.isAnnotationPresent(Constraint.class)
				|| (type.getEnclosingClass() != null && type.getEnclosingClass().isAnnotationPresent(Constraint.class));
	}

	private static Class<?>[] groups(Annotation annotation) {
		try {
			Method groups = annotation.annotationType().getMethod("groups");
			return (Class<?>[]) groups.invoke(annotation);
		}
		catch (ReflectiveOperationException ex) {
			return new Class<?>[0];
		}
	}

	@SafeVarargs
	private static void only(List<Annotation> constraints, String where, Class<? extends Annotation>... allowed) {
		List<Class<? extends Annotation>> ok = List.of(allowed);
		for (Annotation annotation : constraints) {
			if (!ok.contains(annotation.annotationType())) {
				throw refused(where,
						"@" + annotation.annotationType().getSimpleName() + " does not apply to this type");
			}
		}
	}

	private static <A extends Annotation> java.util.Optional<A> find(List<Annotation> constraints, Class<A> type) {
		return constraints.stream().filter(type::isInstance).map(type::cast).findFirst();
	}

	private static String name(Class<?> type) {
		return type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
	}

	private static IllegalArgumentException refused(String where, String why) {
		return new IllegalArgumentException("No strict JSON schema for " + where + ": " + why);
	}

}
