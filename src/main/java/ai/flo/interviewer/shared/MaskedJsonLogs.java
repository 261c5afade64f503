package ai.flo.interviewer.shared;

import java.util.Set;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * JSON log lines get the secret mask that text lines get from the pattern's converters
 * ({@link Secrets}): the message, the exception's message and the stack trace. Configured
 * as {@code logging.structured.json.customizer}. Array elements have no name: they are
 * passed as they are (a null name must not reach {@link Set#contains}).
 */
public class MaskedJsonLogs implements StructuredLoggingJsonMembersCustomizer<Object> {

	private static final Set<String> MASKED = Set.of("message", "stack_trace", "full_message", "short_message");

	@Override
	public void customize(JsonWriter.Members<Object> members) {
		members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, Secrets::mask)
			.whenHasPath((path) -> path.name() != null && MASKED.contains(path.name())));
	}

}
