package ai.flo.interviewer.interview;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interviews, access codes and joining, through HTTP on SQLite, with a real LiveKit
 * server.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE })
@AutoConfigureMockMvc
class InterviewApiTests {

	static final LiveKitTestServer livekit = LiveKitTestServer.startOrFail();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
		livekit.register(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	String recordId;

	@BeforeEach
	void record() {
		this.recordId = UUID.randomUUID().toString();
		this.jdbc
			.sql("INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
					+ "VALUES (:id, 'Backend Engineer', 'Java and SQL', 'READY', 0, 0)")
			.param("id", this.recordId)
			.update();
	}

	@AfterAll
	static void stop() throws Exception {
		livekit.close();
	}

	@Test
	void anInterviewShowsItsCodeOnceAndKeepsOnlyAHint() {
		JsonNode created = json(admin(this.mvc.post().uri("/api/interviews"),
				"{\"recordId\":\"" + this.recordId + "\",\"lengthMinutes\":45}"), 201);
		String code = created.path("accessCode").asString();
		assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
		assertThat(created.path("role").asString()).isEqualTo("Backend Engineer");
		assertThat(created.path("lengthMinutes").asInt()).isEqualTo(45);
		assertThat(created.path("maxUses").asInt()).isEqualTo(1);
		assertThat(created.path("accessCodeHint").asString()).isEqualTo("…" + code.substring(code.length() - 2));
		JsonNode again = json(admin(this.mvc.get().uri("/api/interviews/" + created.path("id").asString()), null), 200);
		assertThat(again.path("accessCode").isNull()).isTrue();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM interviews WHERE code_digest LIKE :c")
			.param("c", "%" + code + "%")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aCandidateJoinsWithTheCodeAndTheTokenOpensTheRoomWithOurAgentDispatched() throws Exception {
		String code = createInterview("{\"recordId\":\"" + this.recordId + "\"}").path("accessCode").asString();
		MvcTestResult result = join("{\"accessCode\":\"" + code.toLowerCase() + "\",\"name\":\"Alex Candidate\"}",
				"10.0.0.1");
		JsonNode joined = json(result, 201);
		assertThat(joined.path("serverUrl").asString()).isEqualTo(livekit.url());
		assertThat(joined.path("participantName").asString()).isEqualTo("Alex Candidate");
		assertThat(joined.path("sessionToken").asString()).startsWith("flo_session_");
		String sessionId = joined.path("sessionId").asString();
		String roomName = joined.path("roomName").asString();
		assertThat(roomName).isEqualTo("interview-" + sessionId);

		JsonNode claims = JSON.readTree(
				new String(Base64.getUrlDecoder().decode(joined.path("participantToken").asString().split("\\.")[1]),
						StandardCharsets.UTF_8));
		assertThat(claims.path("sub").asString()).isEqualTo("candidate-" + sessionId);
		assertThat(claims.path("video").path("roomJoin").asBoolean()).isTrue();
		assertThat(claims.path("video").path("room").asString()).isEqualTo(roomName);
		assertThat(claims.path("video").path("canPublish").asBoolean()).isTrue();
		assertThat(claims.path("roomConfig").path("agents").get(0).path("agent_name").asString())
			.isEqualTo("interviewer");
		assertThat(claims.path("roomConfig").path("agents").get(0).path("metadata").asString()).contains(sessionId);

		// The token works against the real server, in the room that was created for the
		// session.
		try (Room room = Room.connect(joined.path("serverUrl").asString(), joined.path("participantToken").asString(),
				null, Duration.ofSeconds(20))) {
			assertThat(room.name()).isEqualTo(roomName);
			assertThat(room.localIdentity()).isEqualTo("candidate-" + sessionId);
		}
		assertThat(this.jdbc.sql("SELECT status FROM interview_sessions WHERE id = :id")
			.param("id", sessionId)
			.query(String.class)
			.single()).isEqualTo("CREATED");

		// One use: the code is spent.
		assertThat(join("{\"accessCode\":\"" + code + "\",\"name\":\"Someone Else\"}", "10.0.0.1")).hasStatus(410)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:access-code-used-up");
	}

	@Test
	void eachRefusalHasItsOwnProblem() {
		JsonNode interview = createInterview("{\"recordId\":\"" + this.recordId + "\",\"codeMaxUses\":5}");
		String code = interview.path("accessCode").asString();
		String id = interview.path("id").asString();
		assertThat(join("{\"accessCode\":\"ZZZZ-ZZZZ-ZZZZ\",\"name\":\"A\"}", "10.0.0.2")).hasStatus(404)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:access-code-unknown");
		assertThat(join("{\"accessCode\":\"not a code\",\"name\":\"A\"}", "10.0.0.2")).hasStatus(404);
		assertThat(join("{\"accessCode\":\"" + code + "\",\"name\":\"A\",\"practice\":true}", "10.0.0.2"))
			.hasStatus(403)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:practice-not-allowed");
		assertThat(
				join("{\"accessCode\":\"" + code + "\",\"name\":\"A\",\"resumeText\":\"" + "r".repeat(20_001) + "\"}",
						"10.0.0.2"))
			.hasStatus(413);
		assertThat(join("{\"accessCode\":\"" + code + "\",\"name\":\"\"}", "10.0.0.2")).hasStatus(400);
		this.jdbc.sql("UPDATE interviews SET code_expires_at = 0 WHERE id = :id").param("id", id).update();
		assertThat(join("{\"accessCode\":\"" + code + "\",\"name\":\"A\"}", "10.0.0.3")).hasStatus(410)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:access-code-expired");
		json(admin(this.mvc.post().uri("/api/interviews/" + id + "/revoke"), null), 200);
		assertThat(join("{\"accessCode\":\"" + code + "\",\"name\":\"A\"}", "10.0.0.3")).hasStatus(410)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:interview-revoked");
		// A new code works again; the old one stays dead.
		String fresh = json(admin(this.mvc.post().uri("/api/interviews/" + id + "/code"), "{}"), 200).path("accessCode")
			.asString();
		assertThat(fresh).isNotEqualTo(code);
		assertThat(join("{\"accessCode\":\"" + code + "\",\"name\":\"A\"}", "10.0.0.3")).hasStatus(404);
		assertThat(join("{\"accessCode\":\"" + fresh + "\",\"name\":\"A\"}", "10.0.0.3")).hasStatus(201);
	}

	@Test
	void guessingIsRateLimitedPerAddress() {
		for (int i = 0; i < 10; i++) {
			assertThat(join("{\"accessCode\":\"AAAA-AAAA-AAA" + i + "\",\"name\":\"A\"}", "10.1.1.1")).hasStatus(404);
		}
		MvcTestResult limited = join("{\"accessCode\":\"AAAA-AAAA-AAAA\",\"name\":\"A\"}", "10.1.1.1");
		assertThat(limited).hasStatus(429)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:too-many-join-attempts");
		assertThat(Integer.parseInt(limited.getResponse().getHeader("Retry-After"))).isBetween(1, 60);
		// Another address is not affected.
		assertThat(join("{\"accessCode\":\"AAAA-AAAA-AAAA\",\"name\":\"A\"}", "10.1.1.2")).hasStatus(404);
	}

	@Test
	void aOneUseCodeAdmitsOneCandidateWhenSeveralTryAtOnce() throws Exception {
		String code = createInterview("{\"recordId\":\"" + this.recordId + "\"}").path("accessCode").asString();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<Integer>> results = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String address = "10.2.0." + i;
			Callable<Integer> attempt = () -> join("{\"accessCode\":\"" + code + "\",\"name\":\"A\"}", address)
				.getResponse()
				.getStatus();
			results.add(pool.submit(attempt));
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> result : results) {
			statuses.add(result.get());
		}
		pool.shutdown();
		assertThat(statuses).containsOnlyOnce(201).filteredOn((s) -> s != 201).containsOnly(410);
	}

	@Test
	void codesAreUniqueWhenManyInterviewsAreCreatedAtOnce() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<String>> codes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			codes.add(pool.submit(
					() -> createInterview("{\"recordId\":\"" + this.recordId + "\"}").path("accessCode").asString()));
		}
		Set<String> distinct = new HashSet<>();
		for (Future<String> code : codes) {
			distinct.add(code.get());
		}
		pool.shutdown();
		assertThat(distinct).hasSize(40);
	}

	@Test
	void interviewsAreListedAndUpdated() {
		String id = createInterview("{\"recordId\":\"" + this.recordId + "\"}").path("id").asString();
		JsonNode listed = json(admin(this.mvc.get().uri("/api/interviews?recordId=" + this.recordId), null), 200);
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).path("accessCode").isNull()).isTrue();
		JsonNode updated = json(admin(this.mvc.patch().uri("/api/interviews/" + id),
				"{\"lengthMinutes\":60,\"practiceAllowed\":true,\"skillLevel\":\"EXPERT\"}"), 200);
		assertThat(updated.path("lengthMinutes").asInt()).isEqualTo(60);
		assertThat(updated.path("practiceAllowed").asBoolean()).isTrue();
		assertThat(updated.path("skillLevel").asString()).isEqualTo("EXPERT");
		assertThat(updated.path("role").asString()).isEqualTo("Backend Engineer");
		assertThat(admin(this.mvc.patch().uri("/api/interviews/" + id), "{\"lengthMinutes\":500}")).hasStatus(400);
		assertThat(admin(this.mvc.patch().uri("/api/interviews/nope"), "{\"lengthMinutes\":60}")).hasStatus(404);
		assertThat(admin(this.mvc.get().uri("/api/interviews?limit=0"), null)).hasStatus(400);
	}

	@Test
	void adminEndpointsNeedTheKeyAndValidateInput() {
		assertThat(this.mvc.get().uri("/api/interviews")).hasStatus(401);
		assertThat(admin(this.mvc.post().uri("/api/interviews"),
				"{\"recordId\":\"" + this.recordId + "\",\"lengthMinutes\":2}"))
			.hasStatus(400);
		assertThat(admin(this.mvc.post().uri("/api/interviews"), "{\"recordId\":\"nope\"}")).hasStatus(404);
		assertThat(admin(this.mvc.post().uri("/api/interviews"),
				"{\"recordId\":\"" + this.recordId + "\",\"skillLevel\":\"WIZARD\"}"))
			.hasStatus(400);
	}

	private JsonNode createInterview(String body) {
		return json(admin(this.mvc.post().uri("/api/interviews"), body), 201);
	}

	private MvcTestResult admin(
			org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder request, String body) {
		var builder = request.header("Authorization", AdminKey.HEADER);
		if (body != null) {
			builder = builder.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		return builder.exchange();
	}

	@Test
	void joiningNeedsTheCandidatesConsentToTheCurrentTextAndWithoutItNothingIsSpent() {
		JsonNode consent = json(this.mvc.get().uri("/api/interviews/consent").exchange(), 200);
		String version = consent.path("version").asString();
		assertThat(version).startsWith("text-");
		assertThat(consent.path("text").asString()).contains("recorded").contains("AI");
		JsonNode created = createInterview("{\"recordId\":\"" + this.recordId + "\"}");
		String code = created.path("accessCode").asString();
		String interviewId = created.path("id").asString();

		for (String body : List.of("{\"accessCode\":\"" + code + "\",\"name\":\"A\"}",
				"{\"accessCode\":\"" + code + "\",\"name\":\"A\",\"consent\":false}")) {
			assertThat(joinAsIs(body, "10.2.0.1")).hasStatus(400)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("urn:flo:problem:consent-required");
		}
		assertThat(
				joinAsIs("{\"accessCode\":\"" + code + "\",\"name\":\"A\",\"consent\":true,\"consentVersion\":\"v0\"}",
						"10.2.0.1"))
			.hasStatus(409)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:consent-changed");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM interview_sessions WHERE interview_id = :id")
			.param("id", interviewId)
			.query(Integer.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT uses FROM interviews WHERE id = :id")
			.param("id", interviewId)
			.query(Integer.class)
			.single()).isZero();

		JsonNode joined = json(joinAsIs("{\"accessCode\":\"" + code
				+ "\",\"name\":\"A\",\"consent\":true,\"consentVersion\":\"" + version + "\"}", "10.2.0.1"), 201);
		JsonNode session = json(this.mvc.get()
			.uri("/api/sessions/" + joined.path("sessionId").asString())
			.header("Authorization", AdminKey.HEADER)
			.exchange(), 200);
		assertThat(session.path("consent").path("version").asString()).isEqualTo(version);
		assertThat(session.path("consent").path("at").asString()).isNotBlank();
	}

	/** Joins with the candidate's consent (the body's own, when it says). */
	private MvcTestResult join(String body, String address) {
		return joinAsIs(body.contains("\"consent\"") ? body : body.replaceFirst("^\\{", "{\"consent\":true,"), address);
	}

	private MvcTestResult joinAsIs(String body, String address) {
		return this.mvc.post()
			.uri("/api/interviews/join")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.with((request) -> {
				request.setRemoteAddr(address);
				return request;
			})
			.exchange();
	}

	private static JsonNode json(MvcTestResult result, int status) {
		assertThat(result).hasStatus(status);
		try {
			return JSON.readTree(result.getResponse().getContentAsString());
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
