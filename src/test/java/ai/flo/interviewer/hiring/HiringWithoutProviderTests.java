package ai.flo.interviewer.hiring;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a provider key, work that needs the LLM is refused up front, saying what to
 * set.
 */
@SpringBootTest(properties = { "flo.providers.openai.api-key=", "flo.worker.required=false",
		"flo.access.admin-api-keys=" + AdminKey.VALUE })
@AutoConfigureMockMvc
class HiringWithoutProviderTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Test
	void creatingARecordIs503NamingTheVariableAndStoresNothing() {
		assertThat(this.mvc.post()
			.uri("/api/records")
			.header("Authorization", AdminKey.HEADER)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\":\"Backend Engineer\",\"jobDescription\":\"" + "A".repeat(60) + "\"}")).hasStatus(503)
			.bodyJson()
			.satisfies((body) -> {
				body.assertThat().extractingPath("$.type").isEqualTo("urn:flo:problem:provider-not-configured");
				body.assertThat().extractingPath("$.detail").asString().contains("set OPENAI_API_KEY");
			});
		assertThat(this.mvc.get().uri("/api/records").header("Authorization", AdminKey.HEADER)).hasStatusOk()
			.bodyJson()
			.isEqualTo("[]");
	}

}
