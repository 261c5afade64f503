package ai.flo.interviewer.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker role's {@code /metrics} on its health port: the admin key or 401 with the
 * API's problem; {@code /health} beside it stays public.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "flo.access.admin-api-keys=worker-key-0123456789abcdefgh", "flo.jobs.runner-enabled=false" })
@ActiveProfiles("worker")
class WorkerMetricsTests {

	static final int PORT = freePort();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
		registry.add("flo.worker.health-port", () -> PORT);
	}

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void metricsNeedTheAdminKeyHealthDoesNot() throws Exception {
		HttpResponse<String> refused = get("/metrics", null);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("\"type\":\"urn:flo:problem:admin-key-missing\"",
				"\"instance\":\"/metrics\"");
		assertThat(get("/metrics", "Bearer wrong-key-0123456789abcdefgh").body())
			.contains("urn:flo:problem:admin-key-invalid");

		HttpResponse<String> scrape = get("/metrics", "Bearer worker-key-0123456789abcdefgh");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("text/plain"));
		assertThat(scrape.body()).contains("flo_interviews_active{role=\"worker\"} 0", "jvm_memory_used_bytes");

		assertThat(get("/health", null).statusCode()).isIn(200, 503);
	}

	private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() {
		try {
			return AppProcess.freePort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
