package ai.flo.interviewer.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.testsupport.SchemaOnlyAnswers;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The schema generator on small records: every annotation it maps, and what it refuses.
 */
class JsonSchemasTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	enum Colour {

		RED, GREEN, BLUE

	}

	record Quote(@Min(0) int line, @NotBlank @Size(max = 100) String quote) {
	}

	record Everything(@NotBlank @Size(max = 200) String name, @NotNull String free, @NotEmpty String nonEmpty,
			@Size(min = 1) String sized, @NotNull @Pattern(regexp = "LOW|MEDIUM|HIGH") String level,
			@NotNull Colour colour, @Min(1) @Max(10) int priority, @Min(-1) Integer line, int any, boolean flag,
			@NotEmpty @Size(max = 5) List<@Valid Quote> quotes,
			@NotNull @Size(min = 2, max = 4) List<@NotBlank String> tags, @Valid Quote best,
			@NotNull List<@Pattern(regexp = "A|B") String> letters,
			@NotNull List<@Size(max = 3) List<@Min(0) @Max(3) Integer>> grid) {
	}

	@Test
	void everyAnnotationBecomesTheKeywordStrictModeAccepts() {
		String quote = """
				{"type":"object","properties":{
				  "line":{"type":"integer","minimum":0,"maximum":2147483647},
				  "quote":{"type":"string","pattern":"%1$s","description":"At most 100 characters; a longer text is cut there."}},
				 "required":["line","quote"],"additionalProperties":false}"""
			.formatted(esc(JsonSchemas.NOT_BLANK));
		String expected = """
				{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{
				  "name":{"type":"string","pattern":"%1$s","description":"At most 200 characters; a longer text is cut there."},
				  "free":{"type":"string"},
				  "nonEmpty":{"type":"string","pattern":"%2$s"},
				  "sized":{"type":"string","pattern":"%2$s"},
				  "level":{"type":"string","enum":["LOW","MEDIUM","HIGH"]},
				  "colour":{"type":"string","enum":["RED","GREEN","BLUE"]},
				  "priority":{"type":"integer","minimum":1,"maximum":10},
				  "line":{"type":"integer","minimum":-1,"maximum":2147483647},
				  "any":{"type":"integer","minimum":-2147483648,"maximum":2147483647},
				  "flag":{"type":"boolean"},
				  "quotes":{"type":"array","items":%3$s,"minItems":1,"maxItems":5},
				  "tags":{"type":"array","items":{"type":"string","pattern":"%1$s"},"minItems":2,"maxItems":4},
				  "best":%3$s,
				  "letters":{"type":"array","items":{"type":"string","enum":["A","B"]}},
				  "grid":{"type":"array","items":{"type":"array","items":{"type":"integer","minimum":0,"maximum":3},"maxItems":3}}},
				 "required":["name","free","nonEmpty","sized","level","colour","priority","line","any","flag","quotes","tags",
				  "best","letters","grid"],
				 "additionalProperties":false}"""
			.formatted(esc(JsonSchemas.NOT_BLANK), esc(JsonSchemas.NOT_EMPTY), quote);
		Map<String, Object> schema = StructuredOutput.of(Everything.class).schema();
		assertThat(JSON.<JsonNode>valueToTree(schema)).isEqualTo(JSON.readTree(expected));
		SchemaOnlyAnswers.assertStrict(schema);
		SchemaOnlyAnswers.assertAllPass(StructuredOutput.of(Everything.class));
	}

	record Args(@NotBlank @Size(max = 300) String reason, @Min(0) @Max(2) int hintLevel) {
	}

	@Test
	void aToolsParametersComeFromARecordToo() {
		Tool tool = Tool.of("give_hint", "Gives the candidate a hint.", Args.class);
		assertThat(tool.parameters()).isEqualTo(JsonSchemas.parameters(Args.class))
			.doesNotContainKey("$schema")
			.containsEntry("required", List.of("reason", "hintLevel"))
			.containsEntry("additionalProperties", false);
		assertThat(JSON.<JsonNode>valueToTree(tool.parameters()).at("/properties/hintLevel").toString())
			.isEqualTo("{\"type\":\"integer\",\"minimum\":0,\"maximum\":2}");
	}

	/**
	 * The non-blank pattern, read as JSON Schema reads it (ECMA-262), never accepts what
	 * String.isBlank() (so @NotBlank) rejects; it rejects only the few characters
	 * ECMA-262 counts as white space and Java does not.
	 */
	@Test
	void theNonBlankPatternAcceptsOnlyWhatNotBlankAccepts() {
		List<Character> stricter = new ArrayList<>();
		for (char c = 0; c < Character.MAX_VALUE; c++) {
			for (String text : List.of(String.valueOf(c), " \t" + c + "\n")) {
				boolean schema = SchemaOnlyAnswers.matches(JsonSchemas.NOT_BLANK, text);
				if (schema) {
					assertThat(text.isBlank()).as("U+%04X", (int) c).isFalse();
				}
				else if (!text.isBlank() && !stricter.contains(c)) {
					stricter.add(c);
				}
			}
		}
		assertThat(stricter).containsExactlyInAnyOrder('\u00A0', '\u2007', '\u202F', '\uFEFF');
		assertThat(SchemaOnlyAnswers.matches(JsonSchemas.NOT_BLANK, "\u001C \u001F")).isFalse();
		assertThat(SchemaOnlyAnswers.matches(JsonSchemas.NOT_BLANK, "  multi\nline ")).isTrue();
	}

	record WithEmail(@Email String email) {
	}

	record WithRegex(@Pattern(regexp = "[a-z]+") String word) {
	}

	record WithMinLength(@Size(min = 3) String word) {
	}

	record WithTinyLimit(@Size(max = 4) String word) {
	}

	record Unchecked(Quote quote) {
	}

	record UncheckedElements(List<Quote> quotes) {
	}

	record WithMap(Map<String, String> tags) {
	}

	record WithLong(long big) {
	}

	record Empty() {
	}

	record Tree(@NotNull List<@Valid Tree> children) {
	}

	record Impossible(@Min(5) @Max(1) int n) {
	}

	record BadEnum(@Size(max = 3) @Pattern(regexp = "LOW|MEDIUM") String level) {
	}

	static final class NotARecord {

		public String name;

	}

	@Test
	void whatAStrictSchemaCannotStateIsRefusedNotDropped() {
		assertRefused(WithEmail.class, "WithEmail.email", "Email");
		assertRefused(WithRegex.class, "WithRegex.word", "not a plain alternation");
		assertRefused(WithMinLength.class, "WithMinLength.word", "no minLength");
		assertRefused(WithTinyLimit.class, "WithTinyLimit.word", "no room to mark a cut");
		assertRefused(Unchecked.class, "Unchecked.quote", "needs @Valid");
		assertRefused(UncheckedElements.class, "UncheckedElements.quotes[]", "needs @Valid");
		assertRefused(WithMap.class, "WithMap.tags", "java.util.Map");
		assertRefused(WithLong.class, "WithLong.big", "long");
		assertRefused(Empty.class, "Empty", "at least one property");
		assertRefused(Tree.class, "Tree.children[]", "contains itself");
		assertRefused(Impossible.class, "Impossible.n", "no int is at least 5 and at most 1");
		assertRefused(BadEnum.class, "BadEnum.level", "\"MEDIUM\" breaks the @Size");
		assertRefused(NotARecord.class, "NotARecord", "must be a record");
	}

	private static void assertRefused(Class<?> type, String where, String why) {
		assertThatIllegalArgumentException().isThrownBy(() -> StructuredOutput.of(type))
			.withMessageContaining("JsonSchemasTests." + where + ":")
			.withMessageContaining(why);
	}

	private static String esc(String pattern) {
		return pattern.replace("\\", "\\\\");
	}

}
