package ai.flo.interviewer.analysis;

import java.util.List;

import ai.flo.interviewer.llm.StructuredOutput;
import ai.flo.interviewer.testsupport.SchemaOnlyAnswers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers of every analysis step and of the human/AI comparison: a model that answers
 * only what their strict schemas allow passes our validation (and so does not fail an
 * analysis), and the prompts state the limits the schemas set.
 */
class StructuredAnswersTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final AnalysisPrompts.Context CONTEXT = new AnalysisPrompts.Context("Backend engineer", List.of(), true,
			List.of(new AnalysisReport.Segment(0, 0L, 1000L, "candidate", "Hello.")));

	@ParameterizedTest
	@ValueSource(classes = { AnalysisPrompts.Cleaned.class, AnalysisPrompts.Skills.class,
			AnalysisPrompts.Questions.class, AnalysisPrompts.PlanGrades.class, AnalysisPrompts.InsightsAnswer.class,
			AnalysisPrompts.Feedback.class, AnalysisPrompts.Summary.class, AnalysisPrompts.Comparison.class })
	void anAnswerKeepingToTheSchemaPassesValidation(Class<?> answer) {
		StructuredOutput<?> output = StructuredOutput.of(answer);
		SchemaOnlyAnswers.assertStrict(output.schema());
		SchemaOnlyAnswers.assertAllPass(output);
	}

	@Test
	void theSkillsSchemaAndPromptStateTheSameLimits() {
		JsonNode item = schema(AnalysisPrompts.Skills.class).at("/properties/skills/items/properties");
		String prompt = AnalysisPrompts.skills(CONTEXT).user();
		assertThat(prompt).contains("evidence: 1 to " + item.at("/evidence/maxItems").asInt() + " ")
			.contains("recommendations: up to " + item.at("/recommendations/maxItems").asInt())
			.contains("score: " + item.at("/score/minimum").asInt() + " to " + item.at("/score/maximum").asInt());
		item.at("/level/enum").forEach((value) -> assertThat(prompt).contains(value.asString()));
		item.at("/confidence/enum").forEach((value) -> assertThat(prompt).contains(value.asString()));
	}

	@Test
	void theQuestionsSchemaAndPromptStateTheSameLimits() {
		JsonNode questions = schema(AnalysisPrompts.Questions.class).at("/properties/questions");
		String prompt = AnalysisPrompts.questions(CONTEXT).user();
		assertThat(prompt).contains("at most " + questions.path("maxItems").asInt())
			.contains("evidence: 1 to " + questions.at("/items/properties/evidence/maxItems").asInt() + " ")
			.contains("grade: " + questions.at("/items/properties/grade/minimum").asInt() + " to "
					+ questions.at("/items/properties/grade/maximum").asInt())
			.contains("or " + questions.at("/items/properties/askedAtLine/minimum").asInt());
	}

	@Test
	void thePlanSchemaAndPromptStateTheSameLimits() {
		JsonNode questions = schema(AnalysisPrompts.PlanGrades.class).at("/properties/questions");
		JsonNode item = questions.at("/items/properties");
		String prompt = AnalysisPrompts.plan(CONTEXT, "Q1 (skill Java)").user();
		assertThat(prompt).contains("at most " + questions.path("maxItems").asInt())
			.contains("evidence: 1 to " + item.at("/evidence/maxItems").asInt() + " ")
			.contains("grade: " + item.at("/grade/minimum").asInt() + " to " + item.at("/grade/maximum").asInt())
			.contains("(Q1 is " + item.at("/number/minimum").asInt() + ")");
		// Every property is required, none may be null, and no other is allowed.
		assertThat(questions.at("/items/required")).hasSize(item.size());
		assertThat(questions.at("/items/additionalProperties").asBoolean()).isFalse();
		assertThat(item.at("/number/maximum").asInt()).isEqualTo(questions.path("maxItems").asInt())
			.isEqualTo(PlanGrading.MAX_GRADED);
		assertThat(item.at("/answered/type").asString()).isEqualTo("boolean");
		assertThat(prompt).contains("<untrusted-data name=\"planned_questions\"")
			.contains("<untrusted-data name=\"transcript\"");
	}

	@Test
	void theInsightsFeedbackAndComparisonPromptsStateTheirSchemasLimits() {
		JsonNode insights = schema(AnalysisPrompts.InsightsAnswer.class).path("properties");
		assertThat(AnalysisPrompts.insights(CONTEXT).user())
			.contains("at most " + insights.at("/strengths/maxItems").asInt() + " each")
			.contains("communicationScore: " + insights.at("/communicationScore/minimum").asInt() + " to "
					+ insights.at("/communicationScore/maximum").asInt());
		insights.at("/hiringRecommendation/enum")
			.forEach((value) -> assertThat(AnalysisPrompts.insights(CONTEXT).user()).contains(value.asString()));
		JsonNode feedback = schema(AnalysisPrompts.Feedback.class).path("properties");
		assertThat(AnalysisPrompts.feedback(CONTEXT).user())
			.contains("strengths, at most " + feedback.at("/strengths/maxItems").asInt())
			.contains("improvements, at most " + feedback.at("/improvements/maxItems").asInt());
		schema(AnalysisPrompts.Comparison.class).at("/properties/alignment/enum")
			.forEach((value) -> assertThat(AnalysisPrompts.compare("ai", "human").user()).contains(value.asString()));
	}

	private static JsonNode schema(Class<?> answer) {
		return JSON.valueToTree(StructuredOutput.of(answer).schema());
	}

}
