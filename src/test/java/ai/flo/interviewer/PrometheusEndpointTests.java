package ai.flo.interviewer;

import java.time.Duration;

import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.jobs.JobStatus;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.llm.Prompt;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API's {@code /metrics} (Prometheus' text format) with the admin key, and the meters
 * of docs/metrics.md in it after an LLM call to a local server that speaks OpenAI's wire
 * format and a job run; 401 with a problem without the key, {@code /health} still public.
 */
@SpringBootTest(properties = { "flo.access.admin-api-keys=metrics-key-0123456789abcdefgh", "flo.worker.required=false",
		"flo.jobs.runner-enabled=true", "flo.jobs.diagnostics-enabled=true", "flo.jobs.poll-interval=100ms" })
@AutoConfigureMockMvc
class PrometheusEndpointTests {

	static final ScriptedOpenAiServer openAi = ScriptedOpenAiServer.startOnFreePort();

	static final String ADMIN = "Bearer metrics-key-0123456789abcdefgh";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
		registry.add("flo.providers.openai.api-key", () -> "sk-test-key");
		registry.add("flo.providers.openai.base-url", openAi::baseUrl);
	}

	@AfterAll
	static void stop() {
		openAi.close();
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	LlmGateway llm;

	@Autowired
	JobQueue jobs;

	@Test
	void withoutTheAdminKeyIs401WithAProblemAndHealthStaysPublic() {
		assertThat(this.mvc.get().uri("/metrics")).hasStatus(401)
			.hasHeader("WWW-Authenticate", "Bearer")
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:admin-key-missing");
		assertThat(this.mvc.get().uri("/metrics").header("Authorization", "Bearer not-the-key-0123456789abcdef"))
			.hasStatus(401)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:admin-key-invalid");
		assertThat(this.mvc.get().uri("/health")).hasStatusOk();
	}

	@Test
	void providerCallsAndJobsAreMeasured() throws Exception {
		openAi.reply(Reply.chat("Fine.", 120, 30));
		this.llm.text(LlmTask.GENERATION, Prompt.builder("You answer briefly.").instruction("Say fine.").build());
		String job = this.jobs.enqueue("diagnostics.sleep", "{\"millis\":10}");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jobs.find(job).map((view) -> view.status() == JobStatus.SUCCEEDED).orElse(false));

		String scrape = this.mvc.get()
			.uri("/metrics")
			.header("Authorization", ADMIN)
			.exchange()
			.getResponse()
			.getContentAsString();
		assertThat(scrape).contains(
				"flo_provider_calls_seconds_count{outcome=\"ok\",provider=\"openai\",role=\"api\",task=\"generation\"} 1",
				"flo_provider_calls_seconds_bucket{",
				"flo_provider_tokens_total{provider=\"openai\",role=\"api\",task=\"generation\",type=\"prompt\"} 120",
				"flo_provider_tokens_total{provider=\"openai\",role=\"api\",task=\"generation\",type=\"completion\"} 30",
				"flo_jobs_duration_seconds_count{outcome=\"succeeded\",role=\"api\",type=\"diagnostics.sleep\"} 1",
				"flo_jobs_queued{role=\"api\",type=\"diagnostics.sleep\"}",
				"flo_jobs_running{role=\"api\",type=\"diagnostics.sleep\"}", "flo_sse_streams_open{role=\"api\"} 0");
	}

}
