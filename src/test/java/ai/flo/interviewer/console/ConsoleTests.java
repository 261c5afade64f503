package ai.flo.interviewer.console;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console is served from the jar with its own security headers: a strict policy for
 * its pages and assets, one exception (inline styles) for the page that frames a report,
 * and nothing of it on the API.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE })
@AutoConfigureMockMvc
class ConsoleTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Test
	void theConsoleIsAPublicPageWithAStrictPolicy() {
		MvcTestResult page = this.mvc.get().uri("/console").exchange();
		assertThat(page).hasStatusOk().hasForwardedUrl("/console/index.html");
		assertThat(page.getResponse().getHeader("Content-Security-Policy")).isEqualTo(ConsoleHeaders.POLICY)
			.contains("script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe");
		assertThat(page).hasHeader("X-Content-Type-Options", "nosniff").hasHeader("Referrer-Policy", "no-referrer");
		assertThat(this.mvc.get().uri("/console/").exchange()).hasForwardedUrl("/console/index.html");

		MvcTestResult script = this.mvc.get().uri("/console/js/app.js").exchange();
		assertThat(script).hasStatusOk().hasHeader("Content-Security-Policy", ConsoleHeaders.POLICY);
		assertThat(script.getResponse().getContentType()).startsWith("text/javascript");
		assertThat(this.mvc.get().uri("/console/index.html").exchange()).hasStatusOk()
			.bodyText()
			.contains("<script type=\"module\" src=\"/console/js/app.js\"></script>")
			.doesNotContain("<script>")
			.doesNotContain("style=");
	}

	@Test
	void onlyTheReportFrameAllowsInlineStylesAndTheApiGetsNoneOfIt() {
		MvcTestResult frame = this.mvc.get().uri("/console/report.html").exchange();
		assertThat(frame).hasStatusOk().hasHeader("Content-Security-Policy", ConsoleHeaders.REPORT_FRAME_POLICY);
		assertThat(ConsoleHeaders.REPORT_FRAME_POLICY).contains("script-src 'self'", "style-src 'self' 'unsafe-inline'",
				"connect-src 'self'", "frame-ancestors 'self'");
		assertThat(frame).bodyText().contains("<iframe id=\"report\" sandbox=\"\"");

		MvcTestResult api = this.mvc.get().uri("/api/records").header("Authorization", AdminKey.HEADER).exchange();
		assertThat(api).hasStatusOk().doesNotContainHeader("Content-Security-Policy");
	}

}
