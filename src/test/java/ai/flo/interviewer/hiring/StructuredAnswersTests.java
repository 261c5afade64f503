package ai.flo.interviewer.hiring;

import java.util.List;

import ai.flo.interviewer.llm.StructuredOutput;
import ai.flo.interviewer.testsupport.SchemaOnlyAnswers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers of hiring setup's LLM calls (skill extraction, question generation and
 * regeneration): a model that answers only what their strict schemas allow passes our
 * validation, and the prompts state the limits the schemas set.
 */
class StructuredAnswersTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(classes = { Prompts.ExtractedSkills.class, Prompts.GeneratedQuestions.class })
	void anAnswerKeepingToTheSchemaPassesValidation(Class<?> answer) {
		StructuredOutput<?> output = StructuredOutput.of(answer);
		SchemaOnlyAnswers.assertStrict(output.schema());
		SchemaOnlyAnswers.assertAllPass(output);
	}

	@Test
	void theSkillsSchemaAndPromptStateTheSameLimits() {
		JsonNode skills = JSON.valueToTree(StructuredOutput.of(Prompts.ExtractedSkills.class).schema())
			.at("/properties/skills");
		JsonNode skill = skills.path("items").path("properties");
		String prompt = Prompts.extractSkills("Engineer", "Java").user();
		assertThat(prompt).contains(range(skills, "minItems", "maxItems") + " of them")
			.contains("numQuestions: " + range(skill.path("numQuestions"), "minimum", "maximum"))
			.contains("priority: " + skill.path("priority").path("minimum").asInt() + " (assess first) to "
					+ skill.path("priority").path("maximum").asInt())
			.contains("at most 200 characters");
		for (String property : List.of("level", "requirement", "category", "difficulty")) {
			skill.path(property).path("enum").forEach((value) -> assertThat(prompt).contains(value.asString()));
		}
		assertThat(skill.path("name").path("description").asString()).contains("At most 200 characters");
	}

	@Test
	void theQuestionsSchemaHasEveryFormatThePromptNames() {
		JsonNode question = JSON.valueToTree(StructuredOutput.of(Prompts.GeneratedQuestions.class).schema())
			.at("/properties/questions/items/properties");
		SkillData skill = new SkillData("Java", SkillLevel.PROFESSIONAL, Enums.Requirement.MANDATORY,
				Enums.Category.TECHNICAL, 2, Enums.Difficulty.MEDIUM, 1);
		String prompt = Prompts.generateQuestions("Engineer", "Java", skill, List.of()).user();
		question.path("format").path("enum").forEach((value) -> assertThat(prompt).contains(value.asString()));
		assertThat(question.path("coding").path("type").asString()).isEqualTo("boolean");
	}

	private static String range(JsonNode schema, String min, String max) {
		return schema.path(min).asInt() + " to " + schema.path(max).asInt();
	}

}
