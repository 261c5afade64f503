package ai.flo.interviewer.audit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * Named and read-only admin keys, and the audit log of what each did: reads of candidate
 * data and changes are recorded by key name and hint, never the key; refusals and health
 * checks are not actions.
 */
@SpringBootTest(properties = { "flo.worker.required=false",
		"flo.access.admin-api-keys=ops:ops-key-0123456789abcdefghij, reader:reader-key-0123456789abcdefgh:read, "
				+ "bare-key-for-an-old-env-file-0123" })
@AutoConfigureMockMvc
class AuditLogTests {

	static final String OPS = "Bearer ops-key-0123456789abcdefghij";

	static final String READER = "Bearer reader-key-0123456789abcdefgh";

	static final String BARE = "Bearer bare-key-for-an-old-env-file-0123";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Audit audit;

	@BeforeEach
	void empty() {
		this.jdbc.sql("DELETE FROM audit_log").update();
	}

	@Test
	void aReadOnlyKeyReadsButChangesNothing() {
		assertThat(this.mvc.get().uri("/api/jobs").header("Authorization", READER)).hasStatusOk();
		assertThat(this.mvc.post()
			.uri("/api/records")
			.header("Authorization", READER)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\":\"T\",\"jobDescription\":\"" + "d".repeat(60) + "\"}")).hasStatus(403)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:admin-key-read-only");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM job_records").query(Integer.class).single()).isZero();
	}

	@Test
	void everyAdminRequestIsRecordedByKeyNameAndHintNeverTheKey() {
		assertThat(this.mvc.get().uri("/api/jobs?limit=5").header("Authorization", OPS)).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/sessions/no-such-session").header("Authorization", BARE)).hasStatus(404);
		assertThat(this.mvc.delete().uri("/api/records/no-such-record").header("Authorization", OPS)).hasStatus(404);

		JsonNode entries = list("/api/audit?limit=10", READER);
		assertThat(entries).hasSize(3);
		JsonNode delete = entries.get(0);
		assertThat(delete.path("actor").asString()).isEqualTo("ops");
		assertThat(delete.path("keyHint").asString()).isEqualTo("…ghij");
		assertThat(delete.path("action").asString()).isEqualTo("DELETE");
		assertThat(delete.path("target").asString()).isEqualTo("/api/records/no-such-record");
		assertThat(delete.path("status").asInt()).isEqualTo(404);
		assertThat(delete.path("client").asString()).isNotBlank();
		assertThat(entries.get(1).path("actor").asString()).isEqualTo("key-3");
		assertThat(entries.get(1).path("target").asString()).isEqualTo("/api/sessions/no-such-session");
		assertThat(entries.get(2).path("target").asString()).isEqualTo("/api/jobs?limit=5");
		assertThat(entries.toString()).doesNotContain("0123456789abcdef");
	}

	@Test
	void refusalsAndHealthChecksAreNotActions() {
		assertThat(this.mvc.get().uri("/api/jobs")).hasStatus(401);
		assertThat(this.mvc.get().uri("/api/jobs").header("Authorization", "Bearer not-a-key-0123456789abcdefgh"))
			.hasStatus(401);
		assertThat(this.mvc.get().uri("/health").header("Authorization", OPS)).hasStatusOk();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_log").query(Integer.class).single()).isZero();
	}

	@Test
	void theLogFiltersAndPages() {
		this.audit.record(Audit.SYSTEM, "RETENTION", "uploads/3f1c", "older than 30 days");
		assertThat(this.mvc.get().uri("/api/jobs").header("Authorization", OPS)).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/records").header("Authorization", READER)).hasStatusOk();

		assertThat(list("/api/audit?actor=system", OPS)).singleElement()
			.satisfies((e) -> assertThat(e.path("detail").asString()).isEqualTo("older than 30 days"));
		assertThat(list("/api/audit?target=records", OPS)).singleElement()
			.satisfies((e) -> assertThat(e.path("actor").asString()).isEqualTo("reader"));
		assertThat(list("/api/audit?action=GET&limit=1", OPS)).hasSize(1);
		assertThat(list("/api/audit?action=GET&limit=1&offset=5", OPS)).isEmpty();
		assertThat(this.mvc.get().uri("/api/audit?limit=0").header("Authorization", OPS)).hasStatus(400);
		assertThat(this.mvc.get().uri("/api/audit")).hasStatus(401);
	}

	private JsonNode list(String uri, String key) {
		MvcTestResult result = this.mvc.get().uri(uri).header("Authorization", key).exchange();
		assertThat(result).hasStatusOk();
		return JSON.readTree(result.getResponse().getContentAsByteArray());
	}

}
