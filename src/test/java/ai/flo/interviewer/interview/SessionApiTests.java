package ai.flo.interviewer.interview;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.TestDatabases;
import io.livekit.server.AccessToken;
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
 * Sessions through HTTP: the candidate's session token reaches only its own session,
 * proctoring events and the integrity score, the server-written transcript, and LiveKit
 * webhooks signed with the real key (and a wrong one) moving the lifecycle.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE })
@AutoConfigureMockMvc
class SessionApiTests {

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

	@Autowired
	SessionTranscripts transcripts;

	String sessionId;

	String sessionToken;

	@BeforeEach
	void joinedSession() {
		String recordId = UUID.randomUUID().toString();
		this.jdbc
			.sql("INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
					+ "VALUES (:id, 'Backend Engineer', 'Java', 'READY', 0, 0)")
			.param("id", recordId)
			.update();
		String code = json(this.mvc.post()
			.uri("/api/interviews")
			.header("Authorization", AdminKey.HEADER)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"recordId\":\"" + recordId + "\"}")
			.exchange()).path("accessCode").asString();
		JsonNode joined = json(this.mvc.post()
			.uri("/api/interviews/join")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"consent\":true,\"accessCode\":\"" + code + "\",\"name\":\"Alex\"}")
			.with((r) -> {
				r.setRemoteAddr("10.3." + (int) (Math.random() * 200) + "." + (int) (Math.random() * 200));
				return r;
			})
			.exchange());
		this.sessionId = joined.path("sessionId").asString();
		this.sessionToken = joined.path("sessionToken").asString();
	}

	@AfterAll
	static void stop() throws Exception {
		livekit.close();
	}

	@Test
	void theSessionTokenReachesOnlyItsOwnSession() {
		assertThat(get("/api/sessions/" + this.sessionId, "Bearer " + this.sessionToken)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.status")
			.isEqualTo("CREATED");
		assertThat(get("/api/sessions/" + this.sessionId, AdminKey.HEADER)).hasStatusOk();
		assertThat(get("/api/sessions/" + this.sessionId, null)).hasStatus(401);
		assertThat(get("/api/sessions/" + this.sessionId, "Bearer flo_session_forged")).hasStatus(401)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:session-token-invalid");
		String mine = this.sessionToken;
		String myId = this.sessionId;
		joinedSession();
		assertThat(get("/api/sessions/" + this.sessionId, "Bearer " + mine)).hasStatus(401);
		// Admin-only data stays admin-only for a candidate.
		assertThat(get("/api/sessions/" + myId + "/transcript", "Bearer " + mine)).hasStatus(401);
		assertThat(get("/api/sessions/" + myId + "/integrity", "Bearer " + mine)).hasStatus(401);
		assertThat(get("/api/interviews", "Bearer " + mine)).hasStatus(401);
		assertThat(get("/api/jobs", "Bearer " + mine)).hasStatus(401);
	}

	@Test
	void proctoringEventsAreBoundedAndScored() {
		String events = "{\"events\":[{\"type\":\"TAB_HIDDEN\",\"durationMs\":4000},{\"type\":\"TAB_HIDDEN\"},"
				+ "{\"type\":\"TAB_HIDDEN\"},{\"type\":\"PASTE\",\"detail\":\"" + "x".repeat(500) + "\"},"
				+ "{\"type\":\"FACE_MISSING\",\"at\":\"2026-11-28T10:00:00Z\"}]}";
		assertThat(post("/api/sessions/" + this.sessionId + "/proctoring", events, "Bearer " + this.sessionToken))
			.hasStatus(201)
			.bodyJson()
			.extractingPath("$.total")
			.isEqualTo(5);
		assertThat(this.jdbc.sql("SELECT detail FROM proctoring_events WHERE type = 'PASTE' AND session_id = :id")
			.param("id", this.sessionId)
			.query(String.class)
			.single()).hasSize(200).endsWith("…");

		JsonNode integrity = json(get("/api/sessions/" + this.sessionId + "/integrity", AdminKey.HEADER));
		// 100 - 3 x 3 (tab) - 5 (paste) - 4 (face) = 82
		assertThat(integrity.path("score").asInt()).isEqualTo(82);
		assertThat(integrity.path("events").asInt()).isEqualTo(5);
		assertThat(integrity.path("breakdown").get(0).path("type").asString()).isEqualTo("TAB_HIDDEN");
		assertThat(integrity.path("breakdown").get(0).path("penalty").asInt()).isEqualTo(9);

		assertThat(post("/api/sessions/" + this.sessionId + "/proctoring", "{\"events\":[{\"type\":\"TELEPATHY\"}]}",
				"Bearer " + this.sessionToken))
			.hasStatus(400);
		StringBuilder tooMany = new StringBuilder("{\"events\":[");
		for (int i = 0; i < 51; i++) {
			tooMany.append(i > 0 ? "," : "").append("{\"type\":\"WINDOW_BLUR\"}");
		}
		assertThat(
				post("/api/sessions/" + this.sessionId + "/proctoring", tooMany + "]}", "Bearer " + this.sessionToken))
			.hasStatus(400);
		assertThat(json(get("/api/sessions/" + this.sessionId + "/integrity", AdminKey.HEADER)).path("events").asInt())
			.isEqualTo(5);

		// The events themselves, in the order they happened, for admins only.
		JsonNode listed = json(get("/api/sessions/" + this.sessionId + "/proctoring", AdminKey.HEADER));
		assertThat(listed).hasSize(5);
		List<String> times = listed.findValuesAsString("at");
		assertThat(times).isSortedAccordingTo(java.util.Comparator.comparing(java.time.Instant::parse));
		for (JsonNode event : listed) {
			if (event.path("type").asString().equals("FACE_MISSING")) {
				assertThat(event.path("at").asString()).isEqualTo("2026-11-28T10:00:00Z");
			}
			if (event.path("type").asString().equals("PASTE")) {
				assertThat(event.path("detail").asString()).hasSize(200);
			}
		}
		assertThat(listed.findValues("durationMs").stream().filter(JsonNode::isNumber).map(JsonNode::asLong))
			.containsExactly(4000L);
		assertThat(get("/api/sessions/" + this.sessionId + "/proctoring", "Bearer " + this.sessionToken))
			.hasStatus(401);
	}

	@Test
	void anInterviewListsTheSessionsStartedWithIt() {
		String interviewId = json(get("/api/sessions/" + this.sessionId, AdminKey.HEADER)).path("interviewId")
			.asString();
		JsonNode sessions = json(get("/api/interviews/" + interviewId + "/sessions", AdminKey.HEADER));
		assertThat(sessions).hasSize(1);
		assertThat(sessions.get(0).path("id").asString()).isEqualTo(this.sessionId);
		assertThat(sessions.get(0).path("candidateName").asString()).isEqualTo("Alex");
		assertThat(sessions.get(0).path("status").asString()).isEqualTo("CREATED");
		assertThat(get("/api/interviews/" + interviewId + "/sessions", "Bearer " + this.sessionToken)).hasStatus(401);
		assertThat(get("/api/interviews/nope/sessions", AdminKey.HEADER)).hasStatus(404);
		assertThat(get("/api/interviews/" + interviewId + "/sessions?limit=0", AdminKey.HEADER)).hasStatus(400);
	}

	@Test
	void theTranscriptWrittenByTheServerIsReadBackInOrder() {
		this.transcripts.append(this.sessionId, "interviewer", "Tell me about yourself.", 0, 2100);
		this.transcripts.append(this.sessionId, "candidate", "I build backends in Java.", 2500, 6000);
		JsonNode transcript = json(get("/api/sessions/" + this.sessionId + "/transcript", AdminKey.HEADER));
		assertThat(transcript).hasSize(2);
		assertThat(transcript.get(0).path("seq").asInt()).isEqualTo(1);
		assertThat(transcript.get(1).path("speaker").asString()).isEqualTo("candidate");
		assertThat(transcript.get(1).path("startMs").asLong()).isEqualTo(2500);
	}

	@Test
	void signedWebhooksMoveTheLifecycleAndForgedOnesChangeNothing() throws Exception {
		String joinedEvent = "{\"event\":\"participant_joined\",\"id\":\"EV_1\",\"room\":{\"name\":\"interview-"
				+ this.sessionId + "\"},\"participant\":{\"identity\":\"candidate-" + this.sessionId + "\"}}";
		assertThat(webhook(joinedEvent, "wrong-secret")).hasStatus(401)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:webhook-signature-invalid");
		assertThat(this.mvc.post()
			.uri("/api/livekit/webhook")
			.contentType("application/webhook+json")
			.content(joinedEvent)).hasStatus(401);
		assertThat(status()).isEqualTo("CREATED");

		assertThat(webhook(joinedEvent, LiveKitTestServer.SECRET)).hasStatus(204);
		assertThat(status()).isEqualTo("LIVE");
		assertThat(webhook(joinedEvent, LiveKitTestServer.SECRET)).hasStatus(204);
		assertThat(status()).isEqualTo("LIVE");

		String finished = "{\"event\":\"room_finished\",\"id\":\"EV_2\",\"room\":{\"name\":\"interview-"
				+ this.sessionId + "\"}}";
		assertThat(webhook(finished, LiveKitTestServer.SECRET)).hasStatus(204);
		assertThat(status()).isEqualTo("ENDED");
		assertThat(webhook(joinedEvent, LiveKitTestServer.SECRET)).hasStatus(204);
		assertThat(status()).isEqualTo("ENDED");
		// A closed session takes no more proctoring events.
		assertThat(post("/api/sessions/" + this.sessionId + "/proctoring", "{\"events\":[{\"type\":\"COPY\"}]}",
				"Bearer " + this.sessionToken))
			.hasStatus(409);
	}

	private MvcTestResult webhook(String body, String secret) throws Exception {
		AccessToken token = new AccessToken(LiveKitTestServer.KEY, secret);
		token.setSha256(Base64.getEncoder()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
		return this.mvc.post()
			.uri("/api/livekit/webhook")
			.contentType("application/webhook+json")
			.header("Authorization", token.toJwt())
			.content(body)
			.exchange();
	}

	private String status() {
		return this.jdbc.sql("SELECT status FROM interview_sessions WHERE id = :id")
			.param("id", this.sessionId)
			.query(String.class)
			.single();
	}

	private MvcTestResult get(String uri, String auth) {
		var request = this.mvc.get().uri(uri);
		return (auth != null) ? request.header("Authorization", auth).exchange() : request.exchange();
	}

	private MvcTestResult post(String uri, String body, String auth) {
		return this.mvc.post()
			.uri(uri)
			.header("Authorization", auth)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private static JsonNode json(MvcTestResult result) {
		try {
			return JSON.readTree(result.getResponse().getContentAsString());
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
