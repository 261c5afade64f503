package ai.flo.interviewer.llm;

/**
 * A call the model made to a {@link Tool}.
 *
 * @param id the provider's id for the call; the {@link Conversation.ToolResult} answering
 * it carries the same id
 * @param name the tool's name
 * @param argumentsJson the arguments, a JSON object as the model wrote it (not validated:
 * parse it and treat what does not fit the schema as a failed call)
 */
public record ToolCall(String id, String name, String argumentsJson) {
}
