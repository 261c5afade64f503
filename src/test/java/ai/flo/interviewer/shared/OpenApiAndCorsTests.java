package ai.flo.interviewer.shared;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and Swagger UI are public and list every endpoint; CORS admits
 * only listed origins.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE,
		"flo.cors.allowed-origins=https://app.example.com" })
@AutoConfigureMockMvc
class OpenApiAndCorsTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Test
	void theOpenApiDocumentIsPublicAndCoversTheApi() {
		assertThat(this.mvc.get().uri("/openapi")).hasStatusOk().bodyJson().satisfies((json) -> {
			json.assertThat().extractingPath("$.info.title").isEqualTo("flo-interviewer-backend");
			json.assertThat()
				.extractingPath("$.paths")
				.asMap()
				.containsKeys("/api/records", "/api/records/{id}/questions.csv", "/api/interviews",
						"/api/interviews/join", "/api/sessions/{id}/proctoring", "/api/jobs/{id}",
						"/api/livekit/webhook");
			json.assertThat()
				.extractingPath("$.components.securitySchemes")
				.asMap()
				.containsKeys("adminKey", "sessionToken");
			json.assertThat()
				.extractingPath("$.components.schemas.Join.properties.accessCode.example")
				.isEqualTo("7K2M-9QXD-4TRB");
		});
		// springdoc writes the YAML form itself: the API has no YAML message converter.
		assertThat(this.mvc.get().uri("/openapi.yaml")).hasStatusOk()
			.bodyText()
			.contains("title: flo-interviewer-backend")
			.contains("/api/interviews/join:");
		assertThat(this.mvc.get().uri("/swagger-ui/index.html")).hasStatusOk();
	}

	@Test
	void corsAdmitsTheConfiguredOriginOnly() {
		assertThat(this.mvc.options()
			.uri("/api/interviews/join")
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "POST")).hasStatusOk()
			.hasHeader("Access-Control-Allow-Origin", "https://app.example.com");
		assertThat(this.mvc.options()
			.uri("/api/interviews/join")
			.header("Origin", "https://evil.example.net")
			.header("Access-Control-Request-Method", "POST")).hasStatus(403);
	}

}
