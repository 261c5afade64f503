package ai.flo.interviewer.privacy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.audit.Audit;
import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention sweep removes only what is older than allowed (recordings and uploads;
 * with a transcript retention, whole sessions and analyses), sweeps files that belong to
 * nothing, trims the audit log, audits what it removed and schedules the next sweep. Real
 * SQLite and files; a real LiveKit server for joining.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE,
		"flo.providers.openai.api-key=sk-test-not-a-real-key", "flo.providers.openai.base-url=http://127.0.0.1:9/v1" })
@AutoConfigureMockMvc
class RetentionTests {

	static final LiveKitTestServer livekit = LiveKitTestServer.startOrFail();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(200));

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

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	Audit audit;

	@Autowired
	JobQueue jobs;

	@Autowired
	Clock clock;

	@Test
	void recordingsAndUploadsPastRetentionGoTheirRecordsStayAndOrphansAreSwept() throws Exception {
		String record = record();
		String oldSession = session(record, LONG_AGO);
		String newSession = session(record, Instant.now().minus(Duration.ofDays(1)));
		String oldUpload = upload(LONG_AGO);
		String newUpload = upload(Instant.now());
		Path staleIncoming = file(this.folders.uploads().resolve(".incoming/upload_123.tmp"), Duration.ofDays(2));
		Path freshIncoming = file(this.folders.uploads().resolve(".incoming/upload_456.tmp"), Duration.ZERO);
		String gone = UUID.randomUUID().toString();
		Path orphanUpload = file(this.folders.uploads().resolve(gone).resolve("source.mp3"), Duration.ofDays(3));
		Path orphanRecording = file(this.folders.sessionRecording(UUID.randomUUID().toString()), Duration.ofDays(3));
		Path orphanUnwritten = file(this.folders.sessionUnwrittenTranscript(UUID.randomUUID().toString()),
				Duration.ofDays(3));
		this.jdbc
			.sql("INSERT INTO audit_log (id, at, actor, action, target) VALUES ('old', :at, 'ops', 'GET', '/api/x')")
			.param("at", Instant.now().minus(Duration.ofDays(400)).toEpochMilli())
			.update();

		sweep(new RetentionProperties(180, 0, 365, Duration.ofHours(24)));

		assertThat(this.folders.sessionRecording(oldSession)).doesNotExist();
		assertThat(this.folders.sessionRecording(newSession)).exists();
		assertThat(count("interview_sessions", oldSession)).as("the record of the interview stays").isOne();
		assertThat(this.folders.uploads().resolve(oldUpload)).doesNotExist();
		assertThat(this.folders.uploads().resolve(newUpload)).exists();
		assertThat(count("analyses", oldUpload)).isOne();
		assertThat(staleIncoming).doesNotExist();
		assertThat(freshIncoming).exists();
		assertThat(orphanUpload.getParent()).doesNotExist();
		assertThat(orphanRecording.getParent()).doesNotExist();
		assertThat(orphanUnwritten.getParent()).doesNotExist();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE id = 'old'").query(Integer.class).single())
			.isZero();
		JsonNode audited = JSON.readTree(admin("/api/audit?actor=system&action=RETENTION&target=" + oldSession));
		assertThat(audited).singleElement().satisfies((entry) -> {
			assertThat(entry.path("target").asString()).contains(oldSession).contains(oldUpload).contains(gone);
			assertThat(entry.path("detail").asString()).contains("audit entries 1");
		});
		long period = this.clock.millis() / Duration.ofHours(24).toMillis();
		assertThat(this.jobs.find("retention-" + (period + 1))).as("the next sweep is scheduled").isPresent();
	}

	@Test
	void withATranscriptRetentionOldSessionsAndAnalysesGoWhole() throws Exception {
		String record = record();
		String oldSession = session(record, LONG_AGO);
		String newSession = session(record, Instant.now().minus(Duration.ofDays(1)));
		String oldUpload = upload(LONG_AGO);

		sweep(new RetentionProperties(0, 30, 0, Duration.ofHours(24)));

		assertThat(count("interview_sessions", oldSession)).isZero();
		assertThat(count("interview_sessions", newSession)).isOne();
		assertThat(count("analyses", oldUpload)).isZero();
		assertThat(this.folders.sessionRecording(oldSession).getParent()).doesNotExist();
		assertThat(this.folders.sessionRecording(newSession)).exists();
	}

	private void sweep(RetentionProperties properties) throws Exception {
		new RetentionSweep(properties, this.events, this.audit, this.jobs, this.folders, this.clock).run(new Context());
	}

	private String record() {
		return JSON.readTree(admin(this.mvc.post().uri("/api/records"), "{\"title\":\"Backend Engineer\","
				+ "\"jobDescription\":\"We build an interview platform in Java 17 with Spring Boot and PostgreSQL.\"}"))
			.path("resource")
			.path("id")
			.asString();
	}

	/** A session of a new interview that ended at {@code ended}, with its recording. */
	private String session(String record, Instant ended) throws Exception {
		String code = JSON.readTree(admin(this.mvc.post().uri("/api/interviews"), "{\"recordId\":\"" + record + "\"}"))
			.path("accessCode")
			.asString();
		MvcTestResult joined = this.mvc.post()
			.uri("/api/interviews/join")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"consent\":true,\"accessCode\":\"" + code + "\",\"name\":\"Robin\"}")
			.with((request) -> {
				request.setRemoteAddr("10.7.0." + (ended.getEpochSecond() % 200));
				return request;
			})
			.exchange();
		assertThat(joined).hasStatus(201);
		String id = JSON.readTree(joined.getResponse().getContentAsByteArray()).path("sessionId").asString();
		this.jdbc.sql("UPDATE interview_sessions SET status = 'ENDED', created_at = :at, ended_at = :at WHERE id = :id")
			.param("at", ended.toEpochMilli())
			.param("id", id)
			.update();
		file(this.folders.sessionRecording(id), Duration.between(ended, Instant.now()));
		return id;
	}

	private String upload(Instant created) {
		MvcTestResult result = this.mvc.post()
			.uri("/api/analyses")
			.header("Authorization", AdminKey.HEADER)
			.multipart()
			.file(new MockMultipartFile("file", "interview.txt", "text/plain",
					"Interviewer: Why?\nCandidate: Because.\n".getBytes(StandardCharsets.UTF_8)))
			.exchange();
		assertThat(result).hasStatus(202);
		String id = JSON.readTree(result.getResponse().getContentAsByteArray()).path("id").asString();
		this.jdbc.sql("UPDATE analyses SET created_at = :at WHERE id = :id")
			.param("at", created.toEpochMilli())
			.param("id", id)
			.update();
		return id;
	}

	private static Path file(Path path, Duration age) throws Exception {
		Files.createDirectories(path.getParent());
		Files.write(path, new byte[100]);
		FileTime time = FileTime.from(Instant.now().minus(age));
		Files.setLastModifiedTime(path, time);
		Files.setLastModifiedTime(path.getParent(), time);
		return path;
	}

	private int count(String table, String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE id = :id")
			.param("id", id)
			.query(Integer.class)
			.single();
	}

	private String admin(String uri) {
		MvcTestResult result = this.mvc.get().uri(uri).header("Authorization", AdminKey.HEADER).exchange();
		assertThat(result).hasStatusOk();
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	private byte[] admin(MockMvcTester.MockMvcRequestBuilder request, String body) {
		MvcTestResult result = request.header("Authorization", AdminKey.HEADER)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
		assertThat(result.getResponse().getStatus()).isLessThan(300);
		return result.getResponse().getContentAsByteArray();
	}

	private static final class Context implements JobContext {

		@Override
		public String id() {
			return "retention-test";
		}

		@Override
		public String type() {
			return RetentionSweep.TYPE;
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

	}

}
