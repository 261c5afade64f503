package ai.flo.interviewer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every job type tells what it works for when it fails for good, and that owner can be
 * run again: the real handlers' give-up and retry hooks against the real database, seen
 * through the API. (That the runner calls the hook however a job fails for good, workers
 * dying included, is shown in {@code JobsScenarios}.) No job runs here: the providers'
 * address answers nothing and the runner is off.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE,
		"flo.providers.openai.api-key=sk-test-not-a-real-key", "flo.providers.openai.base-url=http://127.0.0.1:9/v1" })
@AutoConfigureMockMvc
class JobOwnersTests {

	static final LiveKitTestServer livekit = LiveKitTestServer.startOrFail();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String REASON = "The openai API failed after 4 attempts: no connection";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
		livekit.register(registry);
	}

	@AfterAll
	static void stop() throws Exception {
		livekit.close();
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobQueue queue;

	@Autowired
	List<JobHandler> handlerList;

	Map<String, JobHandler> handlers() {
		return this.handlerList.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
	}

	@Test
	void skillExtractionThatGivesUpFailsTheRecordWhichCanBeExtractedAgain() {
		JsonNode record = json(admin(this.mvc.post().uri("/api/records"), "{\"title\":\"Backend Engineer\","
				+ "\"jobDescription\":\"We build an interview platform in Java 17 with Spring Boot and PostgreSQL.\"}"),
				202);
		String id = record.path("resource").path("id").asString();
		Job job = job("hiring.extract-skills", id);
		assertThat(
				json(admin(this.mvc.post().uri("/api/records/" + id + "/extract"), null), 409).path("type").asString())
			.endsWith("record-not-failed");

		handlers().get(job.type()).gaveUp(job.payload(), REASON);
		JsonNode failed = json(admin(this.mvc.get().uri("/api/records/" + id), null), 200);
		assertThat(failed.path("status").asString()).isEqualTo("FAILED");
		assertThat(failed.path("failure").asString()).isEqualTo(REASON);

		JsonNode again = json(admin(this.mvc.post().uri("/api/records/" + id + "/extract"), null), 202);
		assertThat(again.path("resource").path("status").asString()).isEqualTo("EXTRACTING");
		assertThat(again.path("jobIds")).hasSize(1);

		// The generic retry of the failed job does the same.
		handlers().get(job.type()).gaveUp(job.payload(), REASON);
		failJob(job.id());
		assertThat(admin(this.mvc.post().uri("/api/jobs/" + job.id() + "/retry"), null)).hasStatus(202);
		assertThat(json(admin(this.mvc.get().uri("/api/records/" + id), null), 200).path("status").asString())
			.isEqualTo("EXTRACTING");
	}

	@Test
	void questionGenerationThatGivesUpFailsTheSkillWhichCanBeGeneratedAgain() {
		JsonNode record = json(admin(this.mvc.post().uri("/api/records"),
				"{\"title\":\"Data Engineer\",\"jobDescription\":\"Pipelines in Python and SQL on a large warehouse, with Airflow.\"}"),
				202);
		String id = record.path("resource").path("id").asString();
		this.jdbc.sql("UPDATE job_records SET status = 'READY' WHERE id = :id").param("id", id).update();
		String skillId = json(admin(this.mvc.post().uri("/api/records/" + id + "/skills"),
				"{\"name\":\"SQL\",\"level\":\"PROFESSIONAL\",\"requirement\":\"MANDATORY\",\"category\":\"TECHNICAL\","
						+ "\"numQuestions\":2,\"difficulty\":\"MEDIUM\",\"priority\":1}"),
				201)
			.path("id")
			.asString();
		json(admin(this.mvc.post().uri("/api/records/" + id + "/questions/generate"), null), 202);
		Job job = job("hiring.generate-questions", skillId);

		handlers().get(job.type()).gaveUp(job.payload(), REASON);
		assertThat(skill(id, skillId).path("questionsStatus").asString()).isEqualTo("FAILED");
		assertThat(skill(id, skillId).path("questionsFailure").asString()).isEqualTo(REASON);

		failJob(job.id());
		assertThat(admin(this.mvc.post().uri("/api/jobs/" + job.id() + "/retry"), null)).hasStatus(202);
		assertThat(skill(id, skillId).path("questionsStatus").asString()).isEqualTo("GENERATING");

		handlers().get(job.type()).gaveUp(job.payload(), REASON);
		json(admin(this.mvc.post().uri("/api/records/" + id + "/questions/generate?skillId=" + skillId), null), 202);
		assertThat(skill(id, skillId).path("questionsStatus").asString()).isEqualTo("GENERATING");
	}

	@Test
	void resumeQuestionsThatGiveUpFailWithTheirReasonAndCanBeDrawnAgain() {
		String recordId = json(admin(this.mvc.post().uri("/api/records"),
				"{\"title\":\"Platform Engineer\",\"jobDescription\":\"Kubernetes, Terraform and Go for a platform team of eight.\"}"),
				202)
			.path("resource")
			.path("id")
			.asString();
		String code = json(admin(this.mvc.post().uri("/api/interviews"), "{\"recordId\":\"" + recordId + "\"}"), 201)
			.path("accessCode")
			.asString();
		JsonNode joined = json(this.mvc.post()
			.uri("/api/interviews/join")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"consent\":true,\"accessCode\":\"" + code
					+ "\",\"name\":\"Robin\",\"resumeText\":\"Ran Kubernetes at a bank.\"}")
			.exchange(), 201);
		String sessionId = joined.path("sessionId").asString();
		assertThat(resumeState(sessionId).path("status").asString()).isEqualTo("GENERATING");
		assertThat(json(admin(this.mvc.post().uri("/api/sessions/" + sessionId + "/resume-questions"), null), 409)
			.path("type")
			.asString()).endsWith("resume-questions-running");
		Job job = job("interview.resume-questions", sessionId);

		handlers().get(job.type()).gaveUp(job.payload(), REASON);
		assertThat(resumeState(sessionId).path("status").asString()).isEqualTo("FAILED");
		assertThat(resumeState(sessionId).path("failure").asString()).isEqualTo(REASON);

		JsonNode again = json(admin(this.mvc.post().uri("/api/sessions/" + sessionId + "/resume-questions"), null),
				202);
		assertThat(again.path("jobId").asString()).isNotBlank();
		assertThat(resumeState(sessionId).path("status").asString()).isEqualTo("GENERATING");
	}

	@Test
	void everyAnalysisStageThatGivesUpFailsItsRunWhichCanBeRunAgain() {
		for (String type : List.of("analysis.prepare", "analysis.transcribe", "analysis.assess")) {
			String id = json(this.mvc.post()
				.uri("/api/analyses")
				.header("Authorization", AdminKey.HEADER)
				.multipart()
				.file(new MockMultipartFile("file", "interview.txt", "text/plain",
						"Interviewer: Why PostgreSQL?\nCandidate: Because of its planner.\n"
							.getBytes(StandardCharsets.UTF_8)))
				.exchange(), 202).path("id").asString();
			String payload = "{\"analysisId\":\"" + id + "\",\"run\":1}";
			String jobId = this.queue.enqueue(type, payload);

			// A stale notice for another run changes nothing.
			handlers().get(type).gaveUp("{\"analysisId\":\"" + id + "\",\"run\":7}", "old");
			assertThat(analysis(id).path("status").asString()).isEqualTo("QUEUED");

			handlers().get(type).gaveUp(payload, REASON);
			JsonNode failed = analysis(id);
			assertThat(failed.path("status").asString()).as(type).isEqualTo("FAILED");
			assertThat(failed.path("error").asString()).isEqualTo(REASON);

			failJob(jobId);
			assertThat(admin(this.mvc.post().uri("/api/jobs/" + jobId + "/retry"), null)).hasStatus(202);
			assertThat(analysis(id).path("status").asString()).as(type).isEqualTo("QUEUED");
			assertThat(analysis(id).path("run").asInt()).isEqualTo(1);

			handlers().get(type).gaveUp(payload, REASON);
			JsonNode rerun = json(admin(this.mvc.post().uri("/api/analyses/" + id + "/rerun"), null), 202);
			assertThat(rerun.path("status").asString()).isEqualTo("QUEUED");
			assertThat(rerun.path("run").asInt()).isEqualTo(2);
		}
	}

	@Test
	void aFairnessCheckThatGivesUpIsFailedWithTheReasonAndRunsAgainOnRetry() {
		String id = json(this.mvc.post()
			.uri("/api/analyses")
			.header("Authorization", AdminKey.HEADER)
			.multipart()
			.file(new MockMultipartFile("file", "interview.txt", "text/plain",
					"Interviewer: Why PostgreSQL?\nCandidate: Because of its planner.\n"
						.getBytes(StandardCharsets.UTF_8)))
			.exchange(), 202).path("id").asString();
		String checkId = java.util.UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO fairness_checks (id, analysis_id, run, status, list_version, tolerance, request, created_at,
				  updated_at) VALUES (:id, :analysis, 1, 'RUNNING', '1', 1, '{}', 0, 0)""")
			.param("id", checkId)
			.param("analysis", id)
			.update();
		String payload = "{\"checkId\":\"" + checkId + "\",\"analysisId\":\"" + id + "\"}";
		String jobId = this.queue.enqueue("analysis.fairness", payload);

		handlers().get("analysis.fairness").gaveUp(payload, REASON);
		JsonNode failed = json(admin(this.mvc.get().uri("/api/analyses/" + id + "/fairness-check"), null), 200);
		assertThat(failed.path("status").asString()).isEqualTo("FAILED");
		assertThat(failed.path("reason").asString()).isEqualTo(REASON);
		assertThat(failed.path("skills")).isEmpty();

		failJob(jobId);
		assertThat(admin(this.mvc.post().uri("/api/jobs/" + jobId + "/retry"), null)).hasStatus(202);
		JsonNode again = json(admin(this.mvc.get().uri("/api/analyses/" + id + "/fairness-check"), null), 200);
		assertThat(again.path("status").asString()).isEqualTo("QUEUED");
		assertThat(again.path("reason").isNull()).isTrue();
	}

	record Job(String id, String type, String payload) {
	}

	private Job job(String type, String ownerId) {
		return this.jdbc.sql("SELECT id, type, payload FROM jobs WHERE type = :type AND payload LIKE :owner")
			.param("type", type)
			.param("owner", "%" + ownerId + "%")
			.query((rs, row) -> new Job(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list()
			.get(0);
	}

	private void failJob(String id) {
		this.jdbc.sql("UPDATE jobs SET status = 'FAILED', attempts = max_attempts WHERE id = :id")
			.param("id", id)
			.update();
	}

	private JsonNode skill(String recordId, String skillId) {
		for (JsonNode skill : json(admin(this.mvc.get().uri("/api/records/" + recordId), null), 200).path("skills")) {
			if (skill.path("id").asString().equals(skillId)) {
				return skill;
			}
		}
		throw new AssertionError("no skill " + skillId);
	}

	private JsonNode resumeState(String sessionId) {
		return json(admin(this.mvc.get().uri("/api/sessions/" + sessionId), null), 200).path("resumeQuestions");
	}

	private JsonNode analysis(String id) {
		return json(admin(this.mvc.get().uri("/api/analyses/" + id), null), 200);
	}

	private MvcTestResult admin(MockMvcTester.MockMvcRequestBuilder request, String body) {
		request.header("Authorization", AdminKey.HEADER);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		return request.exchange();
	}

	private static JsonNode json(MvcTestResult result, int status) {
		assertThat(result).hasStatus(status);
		return JSON.readTree(result.getResponse().getContentAsByteArray());
	}

}
