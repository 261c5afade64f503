package ai.flo.interviewer.interview;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.RoomServiceClient;
import livekit.LivekitAgentDispatch.AgentDispatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live sessions whose agent went quiet, against a real LiveKit server: with the candidate
 * still in the room our agent is dispatched again (LiveKit does not do it by itself);
 * with nobody there past the grace the session ENDS and is analysed; while LiveKit cannot
 * be asked, nothing changes. A candidate in the room whom no agent ever reached gets one.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE,
		"flo.interview.agent-quiet-after=2s", "flo.interview.rejoin-grace=3s" })
@AutoConfigureMockMvc
class SessionReconcilerTests {

	static final LiveKitTestServer livekit = LiveKitTestServer.startOrFail();

	static final JsonMapper JSON = JsonMapper.builder().build();

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
	SessionReconciler reconciler;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aQuietAgentWithTheCandidateStillThereIsReplaced() throws Exception {
		JsonNode joined = join();
		String session = joined.path("sessionId").asString();
		try (Room candidate = Room.connect(joined.path("serverUrl").asString(),
				joined.path("participantToken").asString(), null, Duration.ofSeconds(20))) {
			live(session, System.currentTimeMillis() - 10_000);
			List<String> earlier = dispatches(session).stream().map(AgentDispatch::getId).toList();
			int before = earlier.size();

			this.reconciler.run(context());

			List<AgentDispatch> after = dispatches(session);
			assertThat(after).hasSize(before + 1);
			// LiveKit lists a room's dispatches in no fixed order: the new one is the one
			// not listed before.
			AgentDispatch added = after.stream().filter((d) -> !earlier.contains(d.getId())).findFirst().orElseThrow();
			assertThat(added.getAgentName()).isEqualTo("interviewer");
			assertThat(added.getMetadata()).contains("\"sessionId\":\"" + session + "\"");
			assertThat(status(session)).isEqualTo("LIVE");
			// The new agent has its own time to say it is alive: no second dispatch at
			// once.
			this.reconciler.run(context());
			assertThat(dispatches(session)).hasSize(before + 1);
		}
	}

	@Test
	void aQuietAgentStillListedInTheRoomIsRemovedAndReplaced_butAnotherAgentIsLeftAlone() throws Exception {
		JsonNode joined = join();
		String session = joined.path("sessionId").asString();
		String room = "interview-" + session;
		try (Room candidate = Room.connect(joined.path("serverUrl").asString(),
				joined.path("participantToken").asString(), null, Duration.ofSeconds(20));
				Room dead = Room.connect(livekit.url(), agentToken(room, "agent-AJ_dead"), null,
						Duration.ofSeconds(20))) {
			// Another agent than the quiet one is alive: nothing to do.
			live(session, System.currentTimeMillis() - 10_000);
			this.jdbc.sql("UPDATE interview_sessions SET agent_identity = 'agent-AJ_other' WHERE id = :id")
				.param("id", session)
				.update();
			int before = dispatches(session).size();
			this.reconciler.run(context());
			assertThat(dispatches(session)).hasSize(before);
			assertThat(identities(room)).contains("agent-AJ_dead");

			// The quiet agent is the one listed (its process died, LiveKit has not
			// noticed
			// yet): it is removed, and another dispatched.
			this.jdbc.sql("UPDATE interview_sessions SET agent_identity = 'agent-AJ_dead' WHERE id = :id")
				.param("id", session)
				.update();
			this.reconciler.run(context());
			assertThat(dispatches(session)).hasSize(before + 1);
			assertThat(identities(room)).doesNotContain("agent-AJ_dead").contains("candidate-" + session);
		}
	}

	/**
	 * A token that joins as an agent participant, the way LiveKit's job assignment does
	 * (the {@code kind} claim, which the server SDK's AccessToken cannot set).
	 */
	private static String agentToken(String room, String identity) {
		return JWT.create()
			.withIssuer(LiveKitTestServer.KEY)
			.withSubject(identity)
			.withClaim("kind", "agent")
			.withClaim("video",
					Map.of("roomJoin", true, "room", room, "agent", true, "canPublish", true, "canSubscribe", true))
			.withNotBefore(Instant.now().minusSeconds(10))
			.withExpiresAt(Instant.now().plusSeconds(600))
			.sign(Algorithm.HMAC256(LiveKitTestServer.SECRET));
	}

	private static List<String> identities(String room) throws Exception {
		return RoomServiceClient.Companion
			.createClient(livekit.httpUrl(), LiveKitTestServer.KEY, LiveKitTestServer.SECRET)
			.listParticipants(room)
			.execute()
			.body()
			.stream()
			.map((p) -> p.getIdentity())
			.toList();
	}

	@Test
	void aCandidateInTheRoomWhomNoAgentReachedIsLiveAndGetsOne_aCandidateNotThereIsLeftWaiting() throws Exception {
		// No worker runs here: the dispatch of the candidate's token found nobody to take
		// it, as when every worker is full, and LiveKit does not try again.
		JsonNode joined = join();
		String session = joined.path("sessionId").asString();
		String absent = join().path("sessionId").asString();
		try (Room candidate = Room.connect(joined.path("serverUrl").asString(),
				joined.path("participantToken").asString(), null, Duration.ofSeconds(20))) {
			int before = dispatches(session).size();
			// Within the quiet period: the agent may be on its way.
			this.reconciler.run(context());
			assertThat(dispatches(session)).hasSize(before);
			assertThat(status(session)).isEqualTo("CREATED");

			createdAgo(session, 10_000);
			createdAgo(absent, 10_000);
			this.reconciler.run(context());
			List<AgentDispatch> after = dispatches(session);
			assertThat(after).hasSize(before + 1);
			assertThat(after).anySatisfy((d) -> {
				assertThat(d.getAgentName()).isEqualTo("interviewer");
				assertThat(d.getMetadata()).contains("\"sessionId\":\"" + session + "\"");
			});
			assertThat(status(session)).isEqualTo("LIVE");
			assertThat(status(absent)).isEqualTo("CREATED");
			// The dispatched agent has its quiet period to come: no second dispatch at
			// once.
			this.reconciler.run(context());
			assertThat(dispatches(session)).hasSize(before + 1);
		}
	}

	private void createdAgo(String session, long ms) {
		this.jdbc.sql("UPDATE interview_sessions SET created_at = :at WHERE id = :id")
			.param("at", System.currentTimeMillis() - ms)
			.param("id", session)
			.update();
	}

	@Test
	void aSessionWithNobodyLeftPastTheGraceEndsAndIsAnalysed() {
		String session = join().path("sessionId").asString();
		live(session, System.currentTimeMillis() - 3_000);
		this.reconciler.run(context());
		assertThat(status(session)).as("quiet, but within the grace").isEqualTo("LIVE");

		live(session, System.currentTimeMillis() - 10_000);
		this.reconciler.run(context());
		assertThat(status(session)).isIn("ENDED", "ANALYSING");
	}

	private void live(String session, long agentSeenAt) {
		this.jdbc.sql("UPDATE interview_sessions SET status = 'LIVE', agent_seen_at = :at WHERE id = :id")
			.param("at", agentSeenAt)
			.param("id", session)
			.update();
	}

	private String status(String session) {
		return this.jdbc.sql("SELECT status FROM interview_sessions WHERE id = :id")
			.param("id", session)
			.query(String.class)
			.single();
	}

	private static List<AgentDispatch> dispatches(String session) throws Exception {
		AgentDispatchServiceClient client = AgentDispatchServiceClient.Companion.createClient(livekit.httpUrl(),
				LiveKitTestServer.KEY, LiveKitTestServer.SECRET);
		return client.listDispatch("interview-" + session).execute().body();
	}

	private JsonNode join() {
		String record = UUID.randomUUID().toString();
		this.jdbc
			.sql("INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
					+ "VALUES (:id, 'Backend Engineer', 'Java and SQL', 'READY', 0, 0)")
			.param("id", record)
			.update();
		MvcTestResult created = this.mvc.post()
			.uri("/api/interviews")
			.header("Authorization", AdminKey.HEADER)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"recordId\":\"" + record + "\"}")
			.exchange();
		String code = JSON.readTree(created.getResponse().getContentAsByteArray()).path("accessCode").asString();
		MvcTestResult joined = this.mvc.post()
			.uri("/api/interviews/join")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"consent\":true,\"accessCode\":\"" + code + "\",\"name\":\"Robin\"}")
			.with((request) -> {
				request.setRemoteAddr("10.8.0." + (int) (System.nanoTime() % 200));
				return request;
			})
			.exchange();
		assertThat(joined).hasStatus(201);
		return JSON.readTree(joined.getResponse().getContentAsByteArray());
	}

	private static JobContext context() {
		return new JobContext() {

			@Override
			public String id() {
				return "reconcile-test";
			}

			@Override
			public String type() {
				return SessionReconciler.TYPE;
			}

			@Override
			public String payload() {
				return "{}";
			}

			@Override
			public int attempt() {
				return 1;
			}

			@Override
			public int maxAttempts() {
				return 1;
			}

			@Override
			public void progress(String stage, int percent) {
			}

			@Override
			public boolean stillOwned() {
				return true;
			}

		};
	}

}
