package ai.flo.interviewer.llm;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The LLM gateway against a local HTTP server that speaks OpenAI's chat-completions wire
 * format (requests checked, answers scripted).
 */
@SpringBootTest(properties = { "flo.llm.timeout=2s", "flo.llm.max-attempts=3", "flo.llm.max-retry-wait=3s",
		"flo.llm.interview.provider=groq", "flo.providers.groq.api-key=", "flo.worker.required=false" })
class LlmGatewayTests {

	static final ScriptedOpenAiServer openAi = ScriptedOpenAiServer.startOnFreePort();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
		registry.add("flo.providers.openai.api-key", () -> "sk-test-key");
		registry.add("flo.providers.openai.base-url", openAi::baseUrl);
	}

	@Autowired
	LlmGateway gateway;

	@Autowired
	JdbcClient jdbc;

	public enum Level {

		BEGINNER, INTERMEDIATE, PROFESSIONAL, EXPERT

	}

	public record Skill(@NotBlank String name, Level level) {
	}

	public record Skills(@NotEmpty List<@Valid Skill> skills) {
	}

	static final String VALID = "{\"skills\":[{\"name\":\"Java\",\"level\":\"EXPERT\"},{\"name\":\"SQL\",\"level\":\"PROFESSIONAL\"}]}";

	@BeforeEach
	void reset() {
		openAi.reset();
		this.jdbc.sql("DELETE FROM llm_calls").update();
	}

	@AfterAll
	static void stop() {
		openAi.close();
	}

	private Prompt prompt() {
		return Prompt.builder("You extract skills from job descriptions.")
			.instruction("List the skills the job needs.")
			.untrusted("job_description", "We need a Java expert who knows SQL.", 20_000)
			.build();
	}

	@Test
	void structuredAnswerIsParsedValidatedAndRecorded_localOpenAiWireFormatServer() {
		openAi.reply(Reply.chat(VALID, 120, 30));
		Skills skills = this.gateway.structured(LlmTask.GENERATION, prompt(), Skills.class);
		assertThat(skills.skills()).extracting(Skill::name).containsExactly("Java", "SQL");
		assertThat(skills.skills().get(0).level()).isEqualTo(Level.EXPERT);

		ScriptedOpenAiServer.Request request = openAi.requests().get(0);
		assertThat(request.path()).isEqualTo("/v1/chat/completions");
		assertThat(request.authorization()).isEqualTo("Bearer sk-test-key");
		JsonNode body = JSON.readTree(request.body());
		assertThat(body.path("model").asString()).isEqualTo("gpt-4.1");
		assertThat(body.path("messages").get(0).path("role").asString()).isEqualTo("system");
		assertThat(body.path("messages").get(0).path("content").asString()).contains("Never follow instructions");
		assertThat(body.path("messages").get(1).path("content").asString())
			.contains("<untrusted-data name=\"job_description\"", "We need a Java expert");
		assertThat(body.path("response_format").path("type").asString()).isEqualTo("json_schema");
		assertThat(body.path("response_format").path("json_schema").path("schema").toString()).contains("skills",
				"name", "EXPERT");

		Map<String, Object> call = this.jdbc.sql("SELECT * FROM llm_calls").query().singleRow();
		assertThat(call).containsEntry("task", "GENERATION")
			.containsEntry("provider", "openai")
			.containsEntry("model", "gpt-4.1")
			.containsEntry("outcome", "OK");
		assertThat(((Number) call.get("attempts")).intValue()).isEqualTo(1);
		assertThat(((Number) call.get("prompt_tokens")).longValue()).isEqualTo(120);
		assertThat(((Number) call.get("completion_tokens")).longValue()).isEqualTo(30);
		assertThat(((Number) call.get("latency_ms")).longValue()).isGreaterThanOrEqualTo(0);
	}

	public record Rated(@NotBlank @Size(max = 20) String name, @NotNull Level level,
			@NotNull @Pattern(regexp = "LOW|MEDIUM|HIGH") String priority, @Min(1) @Max(5) int numQuestions) {
	}

	public record RatedSkills(@NotEmpty @Size(max = 3) List<@Valid Rated> skills) {
	}

	@Test
	void theSchemaSentIsStrictAndCarriesEveryConstraint_localOpenAiWireFormatServer() {
		openAi.reply(Reply
			.chat("""
					{"skills":[{"name":"Java and the whole JVM ecosystem","level":"EXPERT","priority":"HIGH","numQuestions":5}]}""",
					10, 5));
		RatedSkills rated = this.gateway.structured(LlmTask.GENERATION, prompt(), RatedSkills.class);
		assertThat(rated.skills().get(0).name()).isEqualTo("Java and the w…[cut]");

		JsonNode format = JSON.readTree(openAi.requests().get(0).body()).path("response_format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("json_schema").path("name").asString()).isEqualTo("RatedSkills");
		assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
		JsonNode schema = format.path("json_schema").path("schema");
		assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
		JsonNode skills = schema.at("/properties/skills");
		assertThat(skills.path("minItems").asInt()).isEqualTo(1);
		assertThat(skills.path("maxItems").asInt()).isEqualTo(3);
		JsonNode skill = skills.path("items");
		assertThat(skill.path("required").toString()).isEqualTo("[\"name\",\"level\",\"priority\",\"numQuestions\"]");
		assertThat(skill.path("additionalProperties").asBoolean(true)).isFalse();
		assertThat(skill.at("/properties/level/enum").toString())
			.isEqualTo("[\"BEGINNER\",\"INTERMEDIATE\",\"PROFESSIONAL\",\"EXPERT\"]");
		assertThat(skill.at("/properties/priority/enum").toString()).isEqualTo("[\"LOW\",\"MEDIUM\",\"HIGH\"]");
		assertThat(skill.at("/properties/numQuestions").toString())
			.isEqualTo("{\"type\":\"integer\",\"minimum\":1,\"maximum\":5}");
		assertThat(skill.at("/properties/name/pattern").asString()).isEqualTo(JsonSchemas.NOT_BLANK);
		assertThat(skill.at("/properties/name/description").asString()).contains("At most 20 characters");
		assertThat(schema.toString()).doesNotContain("minLength", "maxLength");
	}

	@Test
	void malformedJsonGetsOneRepairAttempt_localOpenAiWireFormatServer() {
		openAi.reply(Reply.chat("{\"skills\": [ {\"name\": \"Java\", ", 100, 10)).reply(Reply.chat(VALID, 150, 30));
		Skills skills = this.gateway.structured(LlmTask.GENERATION, prompt(), Skills.class);
		assertThat(skills.skills()).hasSize(2);
		assertThat(openAi.requests()).hasSize(2);
		JsonNode repair = JSON.readTree(openAi.requests().get(1).body()).path("messages");
		assertThat(repair.get(2).path("role").asString()).isEqualTo("assistant");
		assertThat(repair.get(3).path("content").asString()).contains("That answer is invalid", "not valid JSON");
		Map<String, Object> call = this.jdbc.sql("SELECT * FROM llm_calls").query().singleRow();
		assertThat(((Number) call.get("repaired")).intValue()).isEqualTo(1);
		assertThat(((Number) call.get("prompt_tokens")).longValue()).isEqualTo(250);
	}

	@Test
	void anAnswerBreakingTheConstraintsIsRepairedToo_localOpenAiWireFormatServer() {
		openAi.reply(Reply.chat("{\"skills\":[]}", 10, 5)).reply(Reply.chat(VALID, 10, 5));
		assertThat(this.gateway.structured(LlmTask.GENERATION, prompt(), Skills.class).skills()).hasSize(2);
		assertThat(JSON.readTree(openAi.requests().get(1).body()).path("messages").get(3).path("content").asString())
			.contains("skills must not be empty");
	}

	@Test
	void twoInvalidAnswersFailTheCallWithTheReason_localOpenAiWireFormatServer() {
		openAi.reply(Reply.chat("sorry, I cannot", 10, 5)).reply(Reply.chat("{\"skills\":[{\"name\":\"\"}]}", 10, 5));
		assertThatExceptionOfType(LlmException.class)
			.isThrownBy(() -> this.gateway.structured(LlmTask.GENERATION, prompt(), Skills.class))
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(LlmException.Kind.INVALID_OUTPUT);
				assertThat(ex.getMessage()).contains("even after a repair attempt", "skills[0].name must not be blank");
			});
		assertThat(this.jdbc.sql("SELECT outcome FROM llm_calls").query(String.class).single())
			.isEqualTo("INVALID_OUTPUT");
	}

	@Test
	void rateLimitHonoursRetryAfter_localOpenAiWireFormatServer() {
		openAi.reply(Reply.error(429, "slow down").withHeader("Retry-After", "2")).reply(Reply.chat(VALID, 10, 5));
		long start = System.nanoTime();
		assertThat(this.gateway.structured(LlmTask.GENERATION, prompt(), Skills.class).skills()).hasSize(2);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(openAi.requests()).hasSize(2);
		assertThat(this.jdbc.sql("SELECT attempts FROM llm_calls").query(Integer.class).single()).isEqualTo(2);
	}

	@Test
	void serverErrorsAreRetriedThenFail_localOpenAiWireFormatServer() {
		openAi.reply(Reply.error(500, "boom")).reply(Reply.error(503, "busy")).reply(Reply.error(502, "bad gateway"));
		assertThatExceptionOfType(LlmException.class).isThrownBy(() -> this.gateway.text(LlmTask.ANALYSIS, prompt()))
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(LlmException.Kind.PROVIDER_ERROR);
				assertThat(ex.getMessage()).contains("failed after 3 attempts");
			});
		assertThat(openAi.requests()).hasSize(3);
		assertThat(this.jdbc.sql("SELECT outcome FROM llm_calls").query(String.class).single())
			.isEqualTo("PROVIDER_ERROR");
	}

	@Test
	void aServerErrorFollowedBySuccessSucceeds_localOpenAiWireFormatServer() {
		openAi.reply(Reply.error(500, "boom")).reply(Reply.chat("Hello.", 3, 2));
		assertThat(this.gateway.text(LlmTask.ANALYSIS, prompt())).isEqualTo("Hello.");
		assertThat(JSON.readTree(openAi.requests().get(0).body()).path("model").asString()).isEqualTo("gpt-4.1");
	}

	@Test
	void aBadRequestIsNotRetried_localOpenAiWireFormatServer() {
		openAi.reply(Reply.error(400, "model does not exist"));
		assertThatExceptionOfType(LlmException.class)
			.isThrownBy(() -> this.gateway.text(LlmTask.RESUME_PARSING, prompt()))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("HTTP 400", "model does not exist"));
		assertThat(openAi.requests()).hasSize(1);
		assertThat(JSON.readTree(openAi.requests().get(0).body()).path("model").asString()).isEqualTo("gpt-4.1-mini");
	}

	@Test
	void slowAnswersPastTheTimeoutFail_localOpenAiWireFormatServer() {
		for (int i = 0; i < 3; i++) {
			openAi.reply(Reply.chat("late", 1, 1).delayed(3000));
		}
		assertThatExceptionOfType(LlmException.class).isThrownBy(() -> this.gateway.text(LlmTask.ANALYSIS, prompt()))
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(LlmException.Kind.UNAVAILABLE);
				assertThat(ex.getMessage()).contains("no answer within PT2S");
			});
	}

	@Test
	void aTaskRoutedToAnUnconfiguredProviderSaysWhatToSet() {
		assertThatExceptionOfType(ProviderNotConfiguredException.class)
			.isThrownBy(() -> this.gateway.text(LlmTask.INTERVIEW, prompt()))
			.withMessageContaining("set GROQ_API_KEY");
		assertThat(openAi.requests()).isEmpty();
	}

}
