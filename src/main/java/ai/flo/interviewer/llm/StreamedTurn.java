package ai.flo.interviewer.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.openai.models.chat.completions.ChatCompletionChunk;

/**
 * A conversation turn as its chunks arrive: the text (each piece passed on at once), the
 * tool calls by index (their arguments come in pieces), and when the first token came.
 */
final class StreamedTurn {

	final StringBuilder text = new StringBuilder();

	final TreeMap<Long, ToolCallParts> toolCalls = new TreeMap<>();

	long firstTokenNanos;

	String finishReason;

	void add(ChatCompletionChunk chunk, Consumer<String> textDelta) {
		// n is 1: one choice (none in the usage chunk).
		for (ChatCompletionChunk.Choice choice : chunk.choices()) {
			ChatCompletionChunk.Choice.Delta delta = choice.delta();
			delta.toolCalls().ifPresent((pieces) -> pieces.forEach(this::addToolCallPiece));
			String piece = delta.content().orElse("");
			if (!piece.isEmpty()) {
				token();
				this.text.append(piece);
				textDelta.accept(piece);
			}
			choice.finishReason().ifPresent((reason) -> this.finishReason = reason.asString());
		}
	}

	private void addToolCallPiece(ChatCompletionChunk.Choice.Delta.ToolCall piece) {
		token();
		// OpenAI numbers the calls; Gemini's compatible endpoint does not: there a new id
		// starts a call.
		long index = piece._index().asKnown().orElseGet(() -> indexWithoutNumber(piece.id().orElse(null)));
		ToolCallParts parts = this.toolCalls.computeIfAbsent(index, (i) -> new ToolCallParts());
		piece.id().ifPresent((id) -> parts.id = id);
		piece.function().ifPresent((function) -> {
			function.name().ifPresent((name) -> parts.name = name);
			function.arguments().ifPresent(parts.arguments::append);
		});
	}

	private long indexWithoutNumber(String id) {
		for (var call : this.toolCalls.entrySet()) {
			if (id != null && id.equals(call.getValue().id)) {
				return call.getKey();
			}
		}
		return (id != null || this.toolCalls.isEmpty()) ? this.toolCalls.size() : this.toolCalls.lastKey();
	}

	private void token() {
		if (this.firstTokenNanos == 0) {
			this.firstTokenNanos = System.nanoTime();
		}
	}

	boolean delivered() {
		return this.text.length() > 0;
	}

	Turn toTurn(long start) {
		List<ToolCall> calls = new ArrayList<>();
		this.toolCalls.forEach((index, parts) -> calls.add(
				new ToolCall((parts.id != null) ? parts.id : "call_" + index, parts.name, parts.arguments.toString())));
		long now = System.nanoTime();
		return new Turn(this.text.toString(), calls,
				(this.firstTokenNanos == 0) ? -1 : (this.firstTokenNanos - start) / 1_000_000,
				(now - start) / 1_000_000, this.finishReason);
	}

	private static final class ToolCallParts {

		String id;

		String name;

		final StringBuilder arguments = new StringBuilder();

	}

}
