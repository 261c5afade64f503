package ai.flo.interviewer.interview;

import java.util.UUID;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INTERVIEW_ROLE and INTERVIEW_SKILL_LEVEL (from an old .env: "senior") apply when an
 * interview does not say.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE,
		"flo.interview.default-role=Platform Engineer", "flo.interview.default-skill-level=senior" })
@AutoConfigureMockMvc
class InterviewDefaultsTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theConfiguredDefaultsApplyAndAnExplicitValueWins() {
		String recordId = UUID.randomUUID().toString();
		this.jdbc
			.sql("INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
					+ "VALUES (:id, 'Backend Engineer', 'Java', 'READY', 0, 0)")
			.param("id", recordId)
			.update();
		assertThat(create("{\"recordId\":\"" + recordId + "\"}")).hasStatus(201).bodyJson().satisfies((json) -> {
			json.assertThat().extractingPath("$.role").isEqualTo("Platform Engineer");
			json.assertThat().extractingPath("$.skillLevel").isEqualTo("PROFESSIONAL");
		});
		assertThat(create("{\"recordId\":\"" + recordId + "\",\"role\":\"SRE\",\"skillLevel\":\"EXPERT\"}"))
			.hasStatus(201)
			.bodyJson()
			.satisfies((json) -> {
				json.assertThat().extractingPath("$.role").isEqualTo("SRE");
				json.assertThat().extractingPath("$.skillLevel").isEqualTo("EXPERT");
			});
	}

	private org.springframework.test.web.servlet.assertj.MvcTestResult create(String body) {
		return this.mvc.post()
			.uri("/api/interviews")
			.header("Authorization", AdminKey.HEADER)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

}
