package ai.flo.interviewer.access;

import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** Admin endpoints need a configured key; health does not. */
@SpringBootTest(properties = "flo.access.admin-api-keys=first-key-0123456789abcdefgh, second-key-0123456789abcdefgh")
@AutoConfigureMockMvc
class AdminKeyTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Test
	void missingKeyIs401WithAProblem() {
		assertThat(this.mvc.get().uri("/api/jobs")).hasStatus(401)
			.hasHeader("WWW-Authenticate", "Bearer")
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:admin-key-missing");
	}

	@Test
	void wrongKeyIs401() {
		assertThat(this.mvc.get().uri("/api/jobs").header("Authorization", "Bearer first-key-0123456789abcdefgX"))
			.hasStatus(401)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:admin-key-invalid");
		assertThat(this.mvc.get().uri("/api/jobs").header("Authorization", "Basic ZmxvOmZsbw==")).hasStatus(401);
	}

	@Test
	void everyConfiguredKeyIsAccepted() {
		assertThat(this.mvc.get().uri("/api/jobs").header("Authorization", "Bearer first-key-0123456789abcdefgh"))
			.hasStatusOk();
		assertThat(this.mvc.get().uri("/api/jobs").header("Authorization", "bearer second-key-0123456789abcdefgh"))
			.hasStatusOk();
	}

	@Test
	void healthIsPublic() {
		assertThat(this.mvc.get().uri("/health/liveness")).hasStatusOk();
	}

	@Test
	void unknownApiPathStillNeedsAKeyAndThenIs404Problem() {
		assertThat(this.mvc.get().uri("/api/nothing-here")).hasStatus(401);
		assertThat(
				this.mvc.get().uri("/api/nothing-here").header("Authorization", "Bearer first-key-0123456789abcdefgh"))
			.hasStatus(404)
			.hasContentType("application/problem+json");
	}

}
