package ai.flo.interviewer.interview;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The candidate's page as the jar serves it (its headers, its files, nothing from another
 * host) and what it asks before joining: the interview behind a code (no use spent) and
 * the text of a resume PDF. The page itself runs in Chromium in {@code CandidatePageIT}.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE,
		"flo.livekit.url=ws://127.0.0.1:7880", "flo.livekit.api-key=devkey", "flo.livekit.api-secret=secret" })
@AutoConfigureMockMvc
class CandidatePageTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	String recordId;

	@BeforeEach
	void record() {
		this.recordId = UUID.randomUUID().toString();
		this.jdbc
			.sql("INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
					+ "VALUES (:id, 'Backend Engineer', 'Java and SQL', 'READY', 0, 0)")
			.param("id", this.recordId)
			.update();
	}

	@Test
	void thePageIsServedWithAStrictPolicyThatAllowsOnlyThisServiceAndTheLiveKitServer() {
		MvcTestResult page = this.mvc.get().uri("/interview?code=AAAA-BBBB-CCCC").exchange();
		assertThat(page).hasStatusOk().hasContentTypeCompatibleWith(MediaType.TEXT_HTML);
		assertThat(page.getResponse().getHeader("Content-Security-Policy")).isEqualTo(
				"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
						+ "connect-src 'self' ws://127.0.0.1:7880 http://127.0.0.1:7880; base-uri 'none'; "
						+ "form-action 'none'; frame-ancestors 'none'");
		assertThat(page.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.getResponse().getHeader("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(page.getResponse().getHeader("Permissions-Policy")).startsWith("microphone=(self)");
		assertThat(this.mvc.get().uri("/interview/")).hasStatusOk();
		for (String file : List.of("/interview/interview.js", "/interview/interview.css",
				"/interview/livekit-client.umd.js", "/interview/livekit-client.LICENSE.txt")) {
			MvcTestResult served = this.mvc.get().uri(file).exchange();
			assertThat(served).as(file).hasStatusOk();
			assertThat(served.getResponse().getHeader("Content-Security-Policy")).as(file).isNotNull();
			assertThat(served.getResponse().getHeader("Cache-Control")).as(file).isEqualTo("no-cache");
		}
		assertThat(this.mvc.get().uri("/interview/livekit-client.umd.js").exchange().getResponse().getContentType())
			.contains("javascript");
		assertThat(this.mvc.get().uri("/")).hasStatus3xxRedirection().hasRedirectedUrl("/interview");
		// Unrelated paths keep their own headers.
		assertThat(this.mvc.get().uri("/health").exchange().getResponse().getHeader("Content-Security-Policy"))
			.isNull();
	}

	@Test
	void thePageLoadsNothingFromAnotherHostAndNothingInline() throws IOException {
		String html = new ClassPathResource("static/interview/index.html").getContentAsString(StandardCharsets.UTF_8);
		List<String> references = new ArrayList<>();
		Matcher matcher = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
		while (matcher.find()) {
			references.add(matcher.group(1));
		}
		assertThat(references).isNotEmpty()
			.allSatisfy((url) -> assertThat(url).matches("/interview/[a-z.-]+|data:,|#[a-z-]+"));
		assertThat(html).doesNotContain("style=")
			.doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|\\son[a-z]+=\"");
		String script = new ClassPathResource("static/interview/interview.js")
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(script).doesNotContainPattern("https?://").doesNotContain("eval(").doesNotContain("innerHTML");
	}

	@Test
	void thePolicyFollowsTheLiveKitUrl() {
		assertThat(CandidatePageHeaders.policy(URI.create("wss://rtc.example.com")))
			.contains("connect-src 'self' wss://rtc.example.com https://rtc.example.com;");
		assertThat(CandidatePageHeaders.policy(URI.create("https://project.livekit.cloud"))).contains(
				"connect-src 'self' wss://project.livekit.cloud https://project.livekit.cloud wss://*.livekit.cloud https://*.livekit.cloud;");
		assertThat(CandidatePageHeaders.policy(null)).contains("connect-src 'self';");
	}

	@Test
	void aLookUpTellsWhatTheInterviewIsWithoutSpendingTheCode() {
		JsonNode interview = createInterview("{\"recordId\":\"" + this.recordId + "\",\"lengthMinutes\":20}");
		String code = interview.path("accessCode").asString();
		MvcTestResult looked = lookup("{\"accessCode\":\"" + code.toLowerCase() + "\"}", "10.9.0.1");
		assertThat(looked).hasStatusOk().bodyJson().satisfies((json) -> {
			json.assertThat().extractingPath("$.role").isEqualTo("Backend Engineer");
			json.assertThat().extractingPath("$.lengthMinutes").isEqualTo(20);
			json.assertThat().extractingPath("$.practiceAllowed").isEqualTo(false);
			json.assertThat().extractingPath("$.maxResumeChars").isEqualTo(20000);
		});
		assertThat(this.jdbc.sql("SELECT uses FROM interviews WHERE id = :id")
			.param("id", interview.path("id").asString())
			.query(Integer.class)
			.single()).isZero();
		assertThat(lookup("{\"accessCode\":\"ZZZZ-ZZZZ-ZZZZ\"}", "10.9.0.1")).hasStatus(404)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("This access code does not exist. Check it with the person who sent it.");
		this.jdbc.sql("UPDATE interviews SET uses = max_uses WHERE id = :id")
			.param("id", interview.path("id").asString())
			.update();
		assertThat(lookup("{\"accessCode\":\"" + code + "\"}", "10.9.0.1")).hasStatus(410)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:access-code-used-up");
		assertThat(lookup("{}", "10.9.0.1")).hasStatus(400);
		// No admin key is needed, and an admin key is not required either.
		assertThat(lookup("{\"accessCode\":\"" + code + "\"}", "10.9.0.2")).hasStatus(410);
	}

	@Test
	void lookUpsCountInTheJoinsRateLimit() {
		for (int i = 0; i < 10; i++) {
			assertThat(lookup("{\"accessCode\":\"AAAA-AAAA-AAA" + i + "\"}", "10.9.1.1")).hasStatus(404);
		}
		assertThat(lookup("{\"accessCode\":\"AAAA-AAAA-AAAA\"}", "10.9.1.1")).hasStatus(429)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:too-many-join-attempts");
		assertThat(this.mvc.post()
			.uri("/api/interviews/join")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"accessCode\":\"AAAA-AAAA-AAAA\",\"name\":\"A\",\"consent\":true}")
			.with((request) -> {
				request.setRemoteAddr("10.9.1.1");
				return request;
			})).hasStatus(429);
	}

	@Test
	void aResumePdfIsReadOnTheServerForACandidateWithAValidCode() throws IOException {
		String code = createInterview("{\"recordId\":\"" + this.recordId + "\"}").path("accessCode").asString();
		MvcTestResult read = resume(code, pdf("Alex Doe", "Five years of Java and PostgreSQL."), "10.9.2.1");
		assertThat(read).hasStatusOk().bodyJson().satisfies((json) -> {
			json.assertThat().extractingPath("$.text").asString().contains("Alex Doe").contains("PostgreSQL");
			json.assertThat().extractingPath("$.pages").isEqualTo(1);
			json.assertThat().extractingPath("$.truncated").isEqualTo(false);
		});
		assertThat(resume(code, "just text".getBytes(StandardCharsets.UTF_8), "10.9.2.1")).hasStatus(415)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:resume-not-pdf");
		assertThat(resume(code, "%PDF-1.7\nbroken".getBytes(StandardCharsets.US_ASCII), "10.9.2.1")).hasStatus(422)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:resume-unreadable");
		assertThat(resume(code, pdf(), "10.9.2.1")).hasStatus(422)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:resume-without-text");
		assertThat(resume(code, new byte[0], "10.9.2.2")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:resume-missing");
		assertThat(resume("ZZZZ-ZZZZ-ZZZZ", pdf("Alex"), "10.9.2.2")).hasStatus(404);
		assertThat(resume(null, pdf("Alex"), "10.9.2.2")).hasStatus(404);
		byte[] huge = new byte[(int) ResumePdf.MAX_SIZE.toBytes() + 1];
		assertThat(resume(code, huge, "10.9.2.3")).hasStatus(413)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:request-too-large");
	}

	@Test
	void aLongResumeIsCutToWhatTheJoinAccepts() throws IOException {
		String code = createInterview("{\"recordId\":\"" + this.recordId + "\"}").path("accessCode").asString();
		String[] lines = new String[40 * 12];
		for (int i = 0; i < lines.length; i++) {
			lines[i] = "Line " + i + " of a long resume about Java, PostgreSQL, Kubernetes and on-call duty.";
		}
		MvcTestResult read = resume(code, pdf(lines), "10.9.3.1");
		assertThat(read).hasStatusOk().bodyJson().satisfies((json) -> {
			json.assertThat().extractingPath("$.truncated").isEqualTo(true);
			json.assertThat().extractingPath("$.pages").isEqualTo(12);
			json.assertThat().extractingPath("$.text").asString().hasSize(20000);
		});
	}

	private MvcTestResult lookup(String body, String address) {
		return this.mvc.post()
			.uri("/api/interviews/lookup")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.with((request) -> {
				request.setRemoteAddr(address);
				return request;
			})
			.exchange();
	}

	private MvcTestResult resume(String code, byte[] body, String address) {
		var request = this.mvc.post()
			.uri("/api/interviews/resume-text")
			.contentType(MediaType.APPLICATION_PDF)
			.content(body)
			.with((r) -> {
				r.setRemoteAddr(address);
				return r;
			});
		if (code != null) {
			request = request.header("Access-Code", code);
		}
		return request.exchange();
	}

	private JsonNode createInterview(String body) {
		MvcTestResult result = this.mvc.post()
			.uri("/api/interviews")
			.header("Authorization", AdminKey.HEADER)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
		assertThat(result).hasStatus(201);
		return JSON.readTree(result.getResponse().getContentAsByteArray());
	}

	/** A PDF with these lines, 40 to a page (none: one empty page). */
	static byte[] pdf(String... lines) throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			int i = 0;
			do {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					for (int line = 0; line < 40 && i < lines.length; line++, i++) {
						content.beginText();
						content.setFont(font, 10);
						content.newLineAtOffset(40, 750 - line * 18);
						content.showText(lines[i]);
						content.endText();
					}
				}
			}
			while (i < lines.length);
			document.save(out);
			return out.toByteArray();
		}
	}

}
