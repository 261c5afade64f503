package ai.flo.interviewer.llm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A function the model may call in a conversation.
 *
 * @param name the function name (letters, digits, {@code _} and {@code -}, at most 64)
 * @param description what it does and when to call it (the model reads this)
 * @param parameters the JSON schema of its arguments, as nested maps and lists
 */
public record Tool(String name, String description, Map<String, Object> parameters) {

	public Tool {
		if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
			throw new IllegalArgumentException("A tool name is 1 to 64 letters, digits, _ or -: " + name);
		}
		Objects.requireNonNull(description, "description");
		// In the caller's order: models read a schema's properties in order.
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	/**
	 * A tool whose parameters are the JSON schema of a record, built from its components
	 * and Jakarta constraints as for structured outputs ({@link StructuredOutput}), so
	 * arguments read with {@code StructuredOutput.of(arguments).parse(...)} are checked
	 * against what the schema told the model.
	 * @throws IllegalArgumentException if a constraint of {@code arguments} cannot be
	 * stated in a strict schema
	 */
	public static Tool of(String name, String description, Class<?> arguments) {
		return new Tool(name, description, JsonSchemas.parameters(arguments));
	}

}
