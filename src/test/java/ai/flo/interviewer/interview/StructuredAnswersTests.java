package ai.flo.interviewer.interview;

import ai.flo.interviewer.llm.StructuredOutput;
import ai.flo.interviewer.testsupport.SchemaOnlyAnswers;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer of the resume-questions call: a model that answers only what its strict
 * schema allows passes our validation.
 */
class StructuredAnswersTests {

	@Test
	void aResumeQuestionsAnswerKeepingToTheSchemaPassesValidation() {
		StructuredOutput<ResumeQuestions.Generated> output = StructuredOutput.of(ResumeQuestions.Generated.class);
		SchemaOnlyAnswers.assertStrict(output.schema());
		SchemaOnlyAnswers.assertAllPass(output);
		JsonNode questions = JsonMapper.builder()
			.build()
			.<JsonNode>valueToTree(output.schema())
			.at("/properties/questions");
		assertThat(questions.path("minItems").asInt()).isEqualTo(1);
		assertThat(questions.path("maxItems").asInt()).isEqualTo(3);
		assertThat(questions.at("/items/properties/difficulty/enum").toString())
			.isEqualTo("[\"EASY\",\"MEDIUM\",\"HARD\"]");
	}

}
