package ai.flo.interviewer.llm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.ResponseFormatJsonSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record as the answer of a structured-output call: the strict JSON schema the model is
 * held to, and the parse its answer goes through (JSON; every property present and not
 * null; a text over its length limit cut, visibly; then the record's Jakarta
 * constraints). Both come from the record's components and constraints (see
 * {@link JsonSchemas} for the mapping and what OpenAI's strict mode accepts), so an
 * answer that keeps to the schema passes validation.
 *
 * @param <T> the record
 */
public final class StructuredOutput<T> {

	private static final Logger log = LoggerFactory.getLogger(StructuredOutput.class);

	private static final JsonMapper MAPPER = ObjectMappers.jsonMapper();

	private static final ClassValue<StructuredOutput<?>> OUTPUTS = new ClassValue<>() {

		@Override
		protected StructuredOutput<?> computeValue(Class<?> type) {
			return new StructuredOutput<>(type);
		}

	};

	private final Class<T> type;

	private final JsonSchemas.Obj shape;

	private final Map<String, Object> schema;

	private StructuredOutput(Class<T> type) {
		this.type = type;
		this.shape = JsonSchemas.shape(type);
		this.schema = frozen(JsonSchemas.schema(type));
	}

	/**
	 * The structured output of a record type.
	 * @throws IllegalArgumentException if {@code type} is not a record, or has a type or
	 * constraint a strict schema cannot state (the message says which)
	 */
	@SuppressWarnings("unchecked")
	public static <T> StructuredOutput<T> of(Class<T> type) {
		return (StructuredOutput<T>) OUTPUTS.get(type);
	}

	public Class<T> type() {
		return this.type;
	}

	/** The schema's name for the provider: letters, digits, {@code _}, {@code -}. */
	public String name() {
		String name = this.type.getSimpleName().replaceAll("[^A-Za-z0-9_-]", "_");
		return (name.length() > 64) ? name.substring(0, 64) : name;
	}

	/** The JSON schema, as nested maps and lists (unmodifiable). */
	public Map<String, Object> schema() {
		return this.schema;
	}

	/** The {@code response_format} of a chat completion: this schema, strict. */
	ResponseFormatJsonSchema responseFormat() {
		ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema
			.builder();
		this.schema.forEach((key, value) -> schema.putAdditionalProperty(key, JsonValue.from(value)));
		return ResponseFormatJsonSchema.builder()
			.jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
				.name(name())
				.schema(schema.build())
				.strict(true)
				.build())
			.build();
	}

	/**
	 * Reads a model's answer.
	 * @throws InvalidAnswer with every reason it is not a valid answer (for the repair
	 * attempt)
	 */
	public T parse(String answer, Validator validator) {
		String json = answer.strip();
		// Some compatible servers wrap JSON in a Markdown fence despite the response
		// format.
		if (json.startsWith("```")) {
			json = json.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
		}
		JsonNode tree;
		try {
			tree = MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidAnswer("it is not valid JSON for the schema (" + ex.getOriginalMessage() + ")");
		}
		if (tree == null || tree.isMissingNode() || tree.isNull()) {
			throw new InvalidAnswer("it is empty");
		}
		JsonSchemas.Fit fit = new JsonSchemas.Fit();
		this.shape.fit(tree, "", fit);
		if (!fit.cuts.isEmpty()) {
			log.info("{} answer: text over its limit cut at {}", this.type.getSimpleName(), fit.cuts);
		}
		Set<String> problems = new TreeSet<>(fit.problems);
		T value;
		try {
			value = MAPPER.treeToValue(tree, this.type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			// What the shape found (a missing property, a wrong type) says it better.
			if (problems.isEmpty()) {
				String why = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
				throw new InvalidAnswer("it is not valid JSON for the schema (" + why + ")");
			}
			throw new InvalidAnswer(String.join("; ", problems));
		}
		if (value == null) {
			throw new InvalidAnswer("it is empty");
		}
		// A missing or null value is reported once, not again as the default or null it
		// was read as.
		validator.validate(value)
			.stream()
			.filter((v) -> !fit.paths.contains(v.getPropertyPath().toString()))
			.forEach((v) -> problems.add(v.getPropertyPath() + " " + v.getMessage()));
		if (!problems.isEmpty()) {
			throw new InvalidAnswer(String.join("; ", problems));
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static <V> V frozen(V value) {
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(k, frozen(v)));
			return (V) Collections.unmodifiableMap(copy);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>();
			list.forEach((v) -> copy.add(frozen(v)));
			return (V) Collections.unmodifiableList(copy);
		}
		return value;
	}

	/** Why a model's answer is not usable, said so the model can repair it. */
	public static final class InvalidAnswer extends RuntimeException {

		InvalidAnswer(String message) {
			super(message);
		}

	}

}
