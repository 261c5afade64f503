package ai.flo.interviewer.llm;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The parse every structured answer goes through: what it checks beyond the record's
 * constraints (what the schema requires and validation cannot see), and the cut of texts
 * over their limit.
 */
class StructuredOutputTests {

	static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	record Quote(@Min(0) int line, @NotBlank @Size(max = 20) String quote) {
	}

	record Answer(@NotBlank @Size(max = 40) String summary, @NotNull @Pattern(regexp = "LOW|HIGH") String level,
			@Min(1) @Max(10) int grade, boolean answered, @NotNull List<@Valid Quote> quotes) {
	}

	final StructuredOutput<Answer> output = StructuredOutput.of(Answer.class);

	@Test
	void aTextOverItsLimitIsCutVisiblyInsteadOfFailingTheAnswer() {
		String longText = "x".repeat(100);
		Answer answer = this.output.parse("""
				{"summary":"%s","level":"LOW","grade":3,"answered":true,"quotes":[{"line":0,"quote":"%s"}]}"""
			.formatted(longText, "a".repeat(21)), validator);
		assertThat(answer.summary()).hasSize(40).startsWith("xxxx").endsWith("…[cut]");
		assertThat(answer.quotes().get(0).quote()).isEqualTo("a".repeat(14) + "…[cut]");
		assertThat(this.output.schema().toString()).contains("At most 40 characters; a longer text is cut there.");
	}

	@Test
	void aCutNeverSplitsACharacterOutsideTheBmp() {
		// "a" and 33 emoji = 67 UTF-16 units; a cut after 34 units would split the 17th.
		Answer answer = this.output.parse("""
				{"summary":"a%s","level":"LOW","grade":3,"answered":true,"quotes":[]}""".formatted("😀".repeat(33)),
				validator);
		assertThat(answer.summary()).isEqualTo("a" + "😀".repeat(16) + "…[cut]");
		assertThat(answer.summary().codePoints().noneMatch((c) -> c >= 0xD800 && c <= 0xDFFF)).isTrue();
	}

	@Test
	void aMissingPropertyOrANullIsReportedEvenWhereValidationCannotSeeIt() {
		assertThatExceptionOfType(StructuredOutput.InvalidAnswer.class).isThrownBy(() -> this.output.parse("""
				{"summary":"ok","level":null,"quotes":[null,{"line":1}]}""", validator))
			.withMessage("answered is missing; grade is missing; level must not be null; quotes[0] must not be null; "
					+ "quotes[1].quote is missing");
	}

	@Test
	void wrongTypesAndBrokenConstraintsAreAllNamedForTheRepairAttempt() {
		assertThatExceptionOfType(StructuredOutput.InvalidAnswer.class).isThrownBy(() -> this.output.parse("""
				{"summary":" ","level":"MEDIUM","grade":3.5,"answered":"yes","quotes":[]}""", validator))
			.withMessage("answered must be true or false; grade must be a JSON integer");
		assertThatExceptionOfType(StructuredOutput.InvalidAnswer.class)
			.isThrownBy(() -> this.output.parse("""
					{"summary":" ","level":"MEDIUM","grade":11,"answered":true,"quotes":[{"line":-1,"quote":"q"}]}""",
					validator))
			.withMessageContaining("grade must be less than or equal to 10")
			.withMessageContaining("level must match \"LOW|HIGH\"")
			.withMessageContaining("quotes[0].line must be greater than or equal to 0")
			.withMessageContaining("summary must not be blank");
	}

	@Test
	void notJsonAnExtraPropertyOrNotAnObjectIsInvalid() {
		assertThatExceptionOfType(StructuredOutput.InvalidAnswer.class)
			.isThrownBy(() -> this.output.parse("sorry, I cannot", validator))
			.withMessageStartingWith("it is not valid JSON");
		assertThatExceptionOfType(StructuredOutput.InvalidAnswer.class).isThrownBy(() -> this.output.parse("""
				{"summary":"s","level":"LOW","grade":3,"answered":true,"quotes":[],"extra":1}""", validator))
			.withMessageContaining("extra");
		assertThatExceptionOfType(StructuredOutput.InvalidAnswer.class)
			.isThrownBy(() -> this.output.parse("[1]", validator))
			.withMessage("the answer must be a JSON object");
		assertThatExceptionOfType(StructuredOutput.InvalidAnswer.class)
			.isThrownBy(() -> this.output.parse(" ", validator))
			.withMessage("it is empty");
	}

	@Test
	void aFencedAnswerIsRead() {
		Answer answer = this.output.parse("""
				```json
				{"summary":"s","level":"HIGH","grade":3.0,"answered":false,"quotes":[]}
				```""", validator);
		assertThat(answer.level()).isEqualTo("HIGH");
		assertThat(answer.grade()).isEqualTo(3);
	}

	@Test
	void theFormatSentIsStrictAndNamedForTheRecord() {
		var format = this.output.responseFormat().jsonSchema();
		assertThat(format.name()).isEqualTo("Answer");
		assertThat(format.strict()).contains(true);
		assertThat(format.schema().orElseThrow()._additionalProperties()).containsKeys("$schema", "type", "properties",
				"required", "additionalProperties");
	}

}
