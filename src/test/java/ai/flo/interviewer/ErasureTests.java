package ai.flo.interviewer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.shared.DataFolders;
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
 * Deleting a session, an analysis, an interview, a record, or a candidate by email
 * removes every row and every file that belongs to it, cancels its running work, leaves
 * everything else alone, and answers what was removed. Real SQLite, real files in the
 * data folders (listed before and after), a real LiveKit server for joining.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE,
		"flo.providers.openai.api-key=sk-test-not-a-real-key", "flo.providers.openai.base-url=http://127.0.0.1:9/v1" })
@AutoConfigureMockMvc
class ErasureTests {

	static final LiveKitTestServer livekit = LiveKitTestServer.startOrFail();

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * A fresh client address per join: the join rate limit is not what is tested here.
	 */
	static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

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
	DataFolders folders;

	@Test
	void aSessionGoesWithItsTranscriptEventsTurnsAnalysisAndRecording() throws Exception {
		World world = world();
		Set<String> before = files();
		assertThat(before).anyMatch((f) -> f.contains(world.sessionA));
		// A fairness check of the session's analysis goes with it.
		this.jdbc.sql("""
				INSERT INTO fairness_checks (id, analysis_id, run, status, list_version, tolerance, request, created_at,
				  updated_at) VALUES (:id, :analysis, 1, 'FAILED', '1', 1, '{}', 0, 0)""")
			.param("id", java.util.UUID.randomUUID().toString())
			.param("analysis", world.sessionAnalysis)
			.update();

		JsonNode removed = json(admin(this.mvc.delete().uri("/api/sessions/" + world.sessionA)), 200).path("removed");
		assertThat(removed.path("rows").path("sessions").asInt()).isEqualTo(1);
		assertThat(removed.path("rows").path("transcript entries").asInt()).isEqualTo(2);
		assertThat(removed.path("rows").path("proctoring events").asInt()).isEqualTo(1);
		assertThat(removed.path("rows").path("voice turns").asInt()).isEqualTo(1);
		assertThat(removed.path("rows").path("analyses").asInt()).isEqualTo(1);
		assertThat(removed.path("rows").path("fairness checks").asInt()).isEqualTo(1);
		assertThat(removed.path("files").asInt()).isEqualTo(3);
		assertThat(this.folders.sessionUnwrittenTranscript(world.sessionA)).doesNotExist();

		assertThat(count("interview_sessions", "id", world.sessionA)).isZero();
		assertThat(count("analyses", "session_id", world.sessionA)).isZero();
		assertThat(count("transcript_entries", "session_id", world.sessionA)).isZero();
		Set<String> after = files();
		assertThat(after).noneMatch((f) -> f.contains(world.sessionA) || f.contains(world.sessionAnalysis));
		assertThat(jobStatus(world.sessionAnalysis)).isEqualTo("CANCELLED");
		// Nothing else went.
		assertThat(count("interview_sessions", "id", world.sessionB)).isOne();
		assertThat(after).containsAll(before.stream()
			.filter((f) -> !f.contains(world.sessionA) && !f.contains(world.sessionAnalysis))
			.toList());
		assertThat(admin(this.mvc.delete().uri("/api/sessions/" + world.sessionA))).hasStatus(404);
	}

	@Test
	void aCandidateCannotDeleteTheirSessionWithTheirToken() throws Exception {
		World world = world();
		assertThat(this.mvc.delete()
			.uri("/api/sessions/" + world.sessionA)
			.header("Authorization", "Bearer " + world.tokenA)).hasStatus(401);
		assertThat(count("interview_sessions", "id", world.sessionA)).isOne();
	}

	@Test
	void anUploadedAnalysisGoesWithItsUploadTranscriptFilesAndLinks() throws Exception {
		World world = world();
		assertThat(Files.exists(this.folders.uploads().resolve(world.upload))).isTrue();
		JsonNode removed = json(admin(this.mvc.delete().uri("/api/analyses/" + world.upload)), 200).path("removed");
		assertThat(removed.path("rows").path("analyses").asInt()).isEqualTo(1);
		assertThat(removed.path("rows").path("analysis transcripts").asInt()).isEqualTo(1);
		assertThat(removed.path("files").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(files()).noneMatch((f) -> f.contains(world.upload));
		assertThat(jobStatus(world.upload)).isEqualTo("CANCELLED");
		assertThat(admin(this.mvc.delete().uri("/api/analyses/" + world.upload))).hasStatus(404);
	}

	@Test
	void aCandidatesRequestByEmailRemovesEverySessionOfTheirsAcrossInterviews() throws Exception {
		World world = world();
		JsonNode answer = json(admin(this.mvc.post().uri("/api/erasures"), "{\"email\":\"ROBIN@example.com\"}"), 200);
		assertThat(answer.path("sessions")).hasSize(2);
		assertThat(count("interview_sessions", "candidate_email", "robin@example.com")).isZero();
		assertThat(count("interview_sessions", "id", world.sessionB)).isOne();
		// By session: the same candidate's sessions (here: one without an email: itself).
		JsonNode bySession = json(
				admin(this.mvc.post().uri("/api/erasures"), "{\"sessionId\":\"" + world.sessionB + "\"}"), 200);
		assertThat(bySession.path("sessions")).hasSize(1);
		assertThat(admin(this.mvc.post().uri("/api/erasures"), "{}")).hasStatus(400);
	}

	@Test
	void aRecordGoesWithItsInterviewsSessionsAnalysesAndFiles() throws Exception {
		World world = world();
		JsonNode removed = json(admin(this.mvc.delete().uri("/api/records/" + world.record)), 200).path("removed");
		assertThat(removed.path("rows").path("job records").asInt()).isEqualTo(1);
		assertThat(removed.path("rows").path("interviews").asInt()).isEqualTo(2);
		assertThat(removed.path("rows").path("sessions").asInt()).isEqualTo(3);
		assertThat(removed.path("rows").path("analyses").asInt()).isEqualTo(2);
		for (String id : List.of(world.record, world.sessionA, world.sessionB, world.sessionC, world.upload,
				world.sessionAnalysis)) {
			assertThat(files()).noneMatch((f) -> f.contains(id));
		}
		assertThat(count("analyses", "record_id", world.record)).isZero();
		assertThat(count("interviews", "record_id", world.record)).isZero();
		assertThat(admin(this.mvc.delete().uri("/api/records/" + world.record))).hasStatus(404);
	}

	@Test
	void anInterviewGoesWithItsSessions() throws Exception {
		World world = world();
		JsonNode removed = json(admin(this.mvc.delete().uri("/api/interviews/" + world.interview)), 200)
			.path("removed");
		assertThat(removed.path("rows").path("interviews").asInt()).isEqualTo(1);
		assertThat(removed.path("rows").path("sessions").asInt()).isEqualTo(2);
		assertThat(count("interview_sessions", "id", world.sessionC)).isOne();
	}

	/** What one test deletes from. */
	private record World(String record, String interview, String sessionA, String tokenA, String sessionB,
			String sessionC, String sessionAnalysis, String upload) {
	}

	/**
	 * A record with two interviews: sessions A (robin, transcript, proctoring, a voice
	 * turn, a recording, an analysis) and B (no email) in the first, C (robin again) in
	 * the second; and an uploaded transcript analysed for the record.
	 */
	private World world() throws Exception {
		String record = json(admin(this.mvc.post().uri("/api/records"), "{\"title\":\"Backend Engineer\","
				+ "\"jobDescription\":\"We build an interview platform in Java 17 with Spring Boot and PostgreSQL.\"}"),
				202)
			.path("resource")
			.path("id")
			.asString();
		String interview = interview(record);
		JsonNode a = join(interview, "Robin", "robin@example.com");
		String sessionA = a.path("sessionId").asString();
		JsonNode b = join(interview, "Sam", null);
		String other = interview(record);
		JsonNode c = join(other, "Robin", "Robin@Example.com");
		for (int seq = 0; seq < 2; seq++) {
			this.jdbc.sql(
					"INSERT INTO transcript_entries (id, session_id, seq, speaker, text, start_ms, end_ms, created_at) "
							+ "VALUES (:id, :s, :seq, 'candidate', 'words', 0, 1, 0)")
				.param("id", java.util.UUID.randomUUID().toString())
				.param("s", sessionA)
				.param("seq", seq)
				.update();
		}
		assertThat(this.mvc.post()
			.uri("/api/sessions/" + sessionA + "/proctoring")
			.header("Authorization", "Bearer " + a.path("sessionToken").asString())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"events\":[{\"type\":\"TAB_HIDDEN\"}]}")).hasStatus(201);
		this.jdbc
			.sql("INSERT INTO voice_turns (id, session_id, turn, kind, created_at) VALUES (:id, :s, 1, 'answer', 0)")
			.param("id", java.util.UUID.randomUUID().toString())
			.param("s", sessionA)
			.update();
		Path recording = this.folders.sessionRecording(sessionA);
		Files.createDirectories(recording.getParent());
		Files.write(recording, new byte[1024]);
		// A row the interviewer could not write to the database, kept beside it.
		Files.writeString(this.folders.sessionUnwrittenTranscript(sessionA),
				"{\"speaker\":\"candidate\",\"text\":\"words\",\"startMs\":0,\"endMs\":1}\n");
		// The interview ends (LiveKit's webhook would say so): its analysis is queued.
		this.jdbc.sql("UPDATE interview_sessions SET status = 'LIVE' WHERE id = :id").param("id", sessionA).update();
		String sessionAnalysis = endedAndAnalysed(sessionA);
		Path report = this.folders.interviewData().resolve(sessionAnalysis).resolve("analysis.json");
		Files.createDirectories(report.getParent());
		Files.writeString(report, "{}");
		String upload = json(this.mvc.post()
			.uri("/api/analyses")
			.header("Authorization", AdminKey.HEADER)
			.multipart()
			.file(new MockMultipartFile("file", "interview.txt", "text/plain",
					"Interviewer: Why?\nCandidate: Because.\n".getBytes(StandardCharsets.UTF_8)))
			.param("recordId", record)
			.exchange(), 202).path("id").asString();
		return new World(record, interview, sessionA, a.path("sessionToken").asString(), b.path("sessionId").asString(),
				c.path("sessionId").asString(), sessionAnalysis, upload);
	}

	@Autowired
	org.springframework.context.ApplicationEventPublisher events;

	@Autowired
	org.springframework.transaction.support.TransactionTemplate transactions;

	private String endedAndAnalysed(String sessionId) {
		// The same path LiveKit's room_finished takes: the session ENDS, which queues its
		// analysis.
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("UPDATE interview_sessions SET status = 'ENDED' WHERE id = :id")
				.param("id", sessionId)
				.update();
			this.events.publishEvent(new ai.flo.interviewer.interview.SessionEnded(sessionId, "x", false));
		});
		return this.jdbc.sql("SELECT id FROM analyses WHERE session_id = :id")
			.param("id", sessionId)
			.query(String.class)
			.single();
	}

	private String interview(String record) {
		return json(admin(this.mvc.post().uri("/api/interviews"), "{\"recordId\":\"" + record + "\"}"), 201).path("id")
			.asString();
	}

	private JsonNode join(String interviewId, String name, String email) {
		String code = json(
				admin(this.mvc.post().uri("/api/interviews/" + interviewId + "/code"), "{\"codeMaxUses\":5}"), 200)
			.path("accessCode")
			.asString();
		return json(this.mvc.post()
			.uri("/api/interviews/join")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"consent\":true,\"accessCode\":\"" + code + "\",\"name\":\"" + name + "\""
					+ ((email != null) ? ",\"email\":\"" + email + "\"" : "") + "}")
			.with((request) -> {
				request.setRemoteAddr("10.9." + (ADDRESSES.incrementAndGet() / 250) + "." + (ADDRESSES.get() % 250));
				return request;
			})
			.exchange(), 201);
	}

	private Set<String> files() throws IOException {
		Set<String> all = new TreeSet<>();
		for (Path folder : List.of(this.folders.uploads(), this.folders.transcriptions(),
				this.folders.interviewData())) {
			if (Files.isDirectory(folder)) {
				try (Stream<Path> walk = Files.walk(folder)) {
					walk.filter(Files::isRegularFile)
						.forEach((p) -> all.add(this.folders.base().relativize(p).toString()));
				}
			}
		}
		return all;
	}

	private int count(String table, String column, String value) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = :v")
			.param("v", value)
			.query(Integer.class)
			.single();
	}

	private String jobStatus(String analysisId) {
		return this.jdbc.sql("SELECT status FROM jobs WHERE payload LIKE :p")
			.param("p", "%" + analysisId + "%")
			.query(String.class)
			.list()
			.get(0);
	}

	private MvcTestResult admin(MockMvcTester.MockMvcRequestBuilder request) {
		return request.header("Authorization", AdminKey.HEADER).exchange();
	}

	private MvcTestResult admin(MockMvcTester.MockMvcRequestBuilder request, String body) {
		return request.header("Authorization", AdminKey.HEADER)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private static JsonNode json(MvcTestResult result, int status) {
		assertThat(result).hasStatus(status);
		return JSON.readTree(result.getResponse().getContentAsByteArray());
	}

}
