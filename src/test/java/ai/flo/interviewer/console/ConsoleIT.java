package ai.flo.interviewer.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.Browser;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedSpeechServer;
import ai.flo.interviewer.testsupport.Sql;
import ai.flo.interviewer.testsupport.TestMedia;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recruiter's console in a real browser (Debian's headless Chromium) against the
 * packaged jar, an API and a worker process, with local servers speaking OpenAI's chat
 * and transcription wire formats: sign-in (a wrong key first), a record from a job
 * description in a PDF, its skills, questions, a rating and a regeneration, an
 * interview's code and link, a session watched while it runs, a recording uploaded and
 * analysed to its report, a failed analysis and a read-only key, each shown in words.
 * Screenshots go to {@code target/test-artifacts/console-*.png}.
 * <p>
 * The one thing not done through the product: the running session's rows (transcript,
 * turn latencies, proctoring events) are written here as the worker and the candidate's
 * page would write them, since a voice interview needs LiveKit and a candidate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String READER_KEY = "console-reader-key-0123456789abcdef";

	static final List<String> SENTENCES = List.of("Tell me about a system you built recently.",
			"I built a payment service in Java with Spring Boot and PostgreSQL.",
			"We processed about two million transactions a day.", "How did you make it reliable?",
			"Every request was idempotent, and we retried failed calls with backoff.",
			"We deployed it on Kubernetes with three replicas.");

	static final String DESCRIPTION = "We are hiring a backend engineer to build our interview platform in Java 17 "
			+ "with Spring Boot and PostgreSQL. Kubernetes experience is a plus.";

	Path home;

	Path media;

	Path recording;

	ScriptedSpeechServer speech;

	ScriptedOpenAiServer openAi;

	ConsoleLlmScript llm = new ConsoleLlmScript();

	AppProcess api;

	AppProcess worker;

	int port;

	Browser browser;

	WebDriver driver;

	String recordId;

	String interviewId;

	@BeforeAll
	void start() throws Exception {
		this.home = Files.createTempDirectory("flo-console-it");
		this.media = Files.createTempDirectory("flo-console-it-media");
		TestMedia.Spoken spoken = TestMedia.speech(this.media, SENTENCES);
		this.recording = TestMedia.encode(spoken.wav(), this.media.resolve("interview.mp3"), TestMedia.Format.MP3);
		this.speech = ScriptedSpeechServer.startOnFreePort(spoken);
		this.openAi = ScriptedOpenAiServer.startOnFreePort();
		this.openAi.route(this.llm::answer);
		this.port = AppProcess.freePort();
		this.api = AppProcess.javaJar(this.home, env(), "--server.port=" + this.port);
		Map<String, String> workerEnv = env();
		workerEnv.put("FLO_WORKER_HEALTH_PORT", String.valueOf(AppProcess.freePort()));
		this.worker = AppProcess.javaJar(this.home, workerEnv, "--spring.profiles.active=worker");
		this.browser = Browser.start();
		this.driver = this.browser.driver();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> {
				assertThat(this.api.process().isAlive()).as("API alive; output:\n%s", this.api.output()).isTrue();
				assertThat(AppProcess.get(url("/health/readiness")).status()).isEqualTo(200);
			});
	}

	private Map<String, String> env() {
		return AppProcess.env("DATABASE_URL", "sqlite:///console.db", "FLO_HOME", this.home.toString(),
				"ADMIN_API_KEYS", AdminKey.VALUE + ",reader:" + READER_KEY + ":read", "OPENAI_API_KEY", "sk-test",
				"OPENAI_BASE_URL", this.openAi.baseUrl(), "GROQ_API_KEY", "gsk-test", "GROQ_BASE_URL",
				this.speech.baseUrl(), "FLO_STT_PROVIDER", "groq", "FLO_STT_MODEL", "whisper-large-v3",
				"FLO_STT_MAX_ATTEMPTS", "1", "FLO_LLM_MAX_ATTEMPTS", "1", "FLO_JOBS_POLL_INTERVAL", "100ms",
				"FLO_JOBS_BACKOFF_INITIAL", "500ms", "FLO_WORKER_REQUIRED", "false");
	}

	@AfterAll
	void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.browser, this.worker, this.api, this.speech,
				this.openAi }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// best effort
			}
		}
		for (Path folder : new Path[] { this.home, this.media }) {
			if (folder == null) {
				continue;
			}
			try (var files = Files.walk(folder)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// a temporary folder
			}
		}
	}

	@Test
	@Order(1)
	void aWrongKeyIsRefusedInWordsAndTheRightOneOpensTheConsole() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/console"))).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
			.contains("default-src 'none'", "script-src 'self'", "connect-src 'self'")
			.doesNotContain("unsafe-inline");
		assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");

		this.driver.get(url("/console"));
		type(By.id("admin-key"), "flo_admin_not-a-key-of-this-service");
		click(By.cssSelector("form button[type=submit]"));
		String refused = waitFor(
				(d) -> text(By.id("signin-message")).contains("not accepted") ? text(By.id("signin-message")) : null);
		assertThat(refused).contains("This key is not accepted").contains("ADMIN_API_KEYS");
		shot("console-wrong-key");
		assertThat(this.driver.getCurrentUrl()).doesNotContain("not-a-key");

		signIn(AdminKey.VALUE);
		waitFor((d) -> text(By.tagName("main")).contains("No job records yet") ? true : null);
		assertThat(this.driver.getCurrentUrl()).endsWith("/console#/records").doesNotContain(AdminKey.VALUE);
		shot("console-no-records");
		noViolations();
	}

	@Test
	@Order(2)
	void aRecordFromAJobDescriptionGetsItsSkillsAndQuestions() throws Exception {
		Path pdf = descriptionPdf();
		click(By.linkText("Create the first job record"));
		waitFor((d) -> d.findElements(By.cssSelector("input[type=file]")).isEmpty() ? null : true);
		this.driver.findElement(By.cssSelector("input[type=file]")).sendKeys(pdf.toString());
		waitFor((d) -> text(By.tagName("main")).contains("Read ") ? true : null);
		assertThat(field("Job description").getDomProperty("value")).contains("Spring Boot and PostgreSQL");
		field("Title").clear();
		field("Title").sendKeys("Backend Engineer");
		click(By.xpath("//button[normalize-space()='Create the record and extract its skills']"));

		waitFor((d) -> text(By.tagName("main")).contains("Extracting the skills") ? true : null);
		this.recordId = this.driver.getCurrentUrl().replaceAll(".*#/records/", "");
		shot("console-record-extracting");
		waitFor((d) -> d.findElements(By.cssSelector("table.skills tbody tr")).size() == 3 ? true : null);
		assertThat(this.driver.findElement(By.cssSelector("table.skills tbody tr input[type=text]"))
			.getDomProperty("value")).isEqualTo("Java and Spring Boot");

		// Edit a skill: Kubernetes asks two questions.
		WebElement kubernetes = this.driver
			.findElement(By.xpath("//table[contains(@class,'skills')]//tr[.//input[@aria-label='Kubernetes: name']]"));
		WebElement count = kubernetes
			.findElement(By.cssSelector("input[aria-label='Kubernetes: number of questions']"));
		count.clear();
		count.sendKeys("2");
		kubernetes.findElement(By.xpath(".//button[normalize-space()='Save']")).click();
		waitFor((d) -> toast().contains("Saved Kubernetes") ? true : null);
		assertThat(record().path("skills").get(2).path("numQuestions").asInt()).isEqualTo(2);

		click(By.xpath("//button[normalize-space()='Generate questions for every skill']"));
		waitFor((d) -> text(By.tagName("main")).contains("Generating questions") ? true : null);
		shot("console-generating");
		waitFor((d) -> d.findElements(By.cssSelector("article.question")).size() == 5 ? true : null);
		assertThat(text(By.cssSelector("article.question h3"))).startsWith("How have you used Java and Spring Boot");
		shot("console-questions");
		noViolations();
	}

	@Test
	@Order(3)
	void aQuestionIsRatedAndRegeneratedWithItsHistory() {
		WebElement first = this.driver.findElement(By.cssSelector("article.question"));
		String original = first.findElement(By.tagName("h3")).getText();
		first.findElement(By.xpath(".//button[normalize-space()='Dislike']")).click();
		first.findElement(By.tagName("textarea")).sendKeys("Too generic: ask about an incident.");
		first.findElement(By.xpath(".//button[normalize-space()='Save the dislike']")).click();
		waitFor((d) -> "true"
			.equals(question(0).findElement(By.cssSelector("button.dislike")).getDomAttribute("aria-pressed")) ? true
					: null);
		assertThat(question(0).getText()).contains("Your feedback: “Too generic: ask about an incident.”");

		question(0).findElement(By.xpath(".//button[normalize-space()='Regenerate…']")).click();
		question(0).findElement(By.tagName("textarea")).sendKeys("Make it about a production incident.");
		question(0).findElement(By.xpath(".//button[normalize-space()='Regenerate']")).click();
		waitFor((d) -> question(0).findElement(By.tagName("h3")).getText().equals(ConsoleLlmScript.REGENERATED) ? true
				: null);
		assertThat(question(0).getText()).contains("version 2");
		question(0).findElement(By.xpath(".//button[starts-with(normalize-space(),'History')]")).click();
		String history = waitFor((d) -> question(0).findElements(By.cssSelector("ol.history li")).isEmpty() ? null
				: question(0).findElement(By.cssSelector("ol.history")).getText());
		assertThat(history).contains("Version 1: " + original)
			.contains("because: “Make it about a production incident.”")
			.contains("it was disliked");
		shot("console-regenerated");
		noViolations();
	}

	@Test
	@Order(4)
	void anInterviewShowsItsAccessCodeOnceWithTheCandidatesLink() throws Exception {
		click(By.xpath("//button[normalize-space()='New interview']"));
		WebElement length = field("Length in minutes");
		length.clear();
		length.sendKeys("20");
		click(By.xpath("//button[normalize-space()='Create the interview']"));
		String code = waitFor(
				(d) -> d.findElements(By.id("access-code")).isEmpty() ? null : text(By.id("access-code")));
		assertThat(code).matches("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
		assertThat(this.driver.findElement(By.id("candidate-link")).getDomProperty("value"))
			.isEqualTo(url("/interview?code=" + code));
		assertThat(text(By.cssSelector(".code-panel"))).contains("Shown this once");
		shot("console-interview-code");

		JsonNode interview = api("GET", "/api/interviews?recordId=" + this.recordId).get(0);
		this.interviewId = interview.path("id").asString();
		String hint = interview.path("accessCodeHint").asString();
		assertThat(hint).startsWith("…");
		assertThat(code).endsWith(hint.substring(1));
		assertThat(interview.path("lengthMinutes").asInt()).isEqualTo(20);
		// The code is in this answer only: reading the page again shows its last
		// characters.
		this.driver.get(url("/console#/interviews/" + this.interviewId));
		waitFor((d) -> text(By.tagName("main")).contains("No one has joined yet") ? true : null);
		assertThat(text(By.tagName("main"))).doesNotContain(code).contains(hint);
		noViolations();
	}

	@Test
	@Order(5)
	void aRunningSessionIsWatchedLive() throws Exception {
		String sessionId = UUID.randomUUID().toString();
		long now = System.currentTimeMillis();
		try (Connection db = Sql.connect("sqlite:///console.db", this.home)) {
			update(db, """
					INSERT INTO interview_sessions (id, interview_id, candidate_name, practice, room_name, token_digest,
					  status, created_at, started_at, resume_questions_status, consent_version, consented_at)
					VALUES (?, ?, 'Alex Doe', 0, ?, ?, 'LIVE', ?, ?, 'NONE', 'v1', ?)""", sessionId, this.interviewId,
					"room-" + sessionId, UUID.randomUUID().toString().replace("-", ""), now - 90_000, now - 80_000,
					now - 91_000);
			said(db, sessionId, 0, "interviewer", "Tell me about a system you built recently.");
			said(db, sessionId, 1, "candidate", "I built a payment service in Java with Spring Boot and PostgreSQL.");
			for (int turn = 1; turn <= 6; turn++) {
				update(db, """
						INSERT INTO voice_turns (id, session_id, turn, kind, endpointing_ms, stt_ms, llm_first_token_ms,
						  tts_first_byte_ms, end_to_end_ms, created_at) VALUES (?, ?, ?, 'ANSWER', ?, ?, ?, ?, ?, ?)""",
						UUID.randomUUID().toString(), sessionId, turn, 500L, 200L + 20 * turn, 400L + 50 * turn, 180L,
						1300L + 70 * turn, now);
			}
			update(db, """
					INSERT INTO proctoring_events (id, session_id, type, occurred_at, received_at, duration_ms, detail)
					VALUES (?, ?, 'TAB_HIDDEN', ?, ?, 4000, NULL)""", UUID.randomUUID().toString(), sessionId,
					now - 30_000, now - 29_000);
		}
		// The interview's page from the list of interviews (its sessions load with it).
		this.driver.get(url("/console#/interviews"));
		click(By.linkText("Backend Engineer"));
		click(By.linkText("Alex Doe"));
		waitFor((d) -> (d.findElements(By.cssSelector(".transcript li")).size() == 2
				&& text(By.tagName("main")).contains("End to end: median")) ? true : null);
		assertThat(text(By.tagName("main"))).contains("Live now").contains("Left the tab");
		assertThat(this.driver.findElements(By.cssSelector("svg.columns rect"))).hasSizeGreaterThanOrEqualTo(24);
		int integrity = api("GET", "/api/sessions/" + sessionId + "/integrity").path("score").asInt();
		assertThat(text(By.cssSelector(".gauge .big"))).isEqualTo(String.valueOf(integrity));

		try (Connection db = Sql.connect("sqlite:///console.db", this.home)) {
			said(db, sessionId, 2, "interviewer", "How did you make it reliable?");
		}
		waitFor((d) -> d.findElements(By.cssSelector(".transcript li")).size() == 3 ? true : null);
		assertThat(text(By.cssSelector(".transcript li:last-child"))).contains("How did you make it reliable?");
		shot("console-session-live");
		noViolations();
	}

	@Test
	@Order(6)
	void anUploadedRecordingIsAnalysedToItsReport() throws Exception {
		this.driver.get(url("/console#/analyses/new"));
		waitFor((d) -> d.findElements(By.cssSelector("input[type=file]")).isEmpty() ? null : true);
		this.driver.findElement(By.cssSelector("input[type=file]")).sendKeys(this.recording.toString());
		new org.openqa.selenium.support.ui.Select(field("Job record")).selectByVisibleText("Backend Engineer");
		click(By.xpath("//button[normalize-space()='Upload and analyse']"));
		waitFor((d) -> d.getCurrentUrl().matches(".*#/analyses/[0-9a-f-]{36}") ? true : null);
		String analysisId = this.driver.getCurrentUrl().replaceAll(".*#/analyses/", "");
		waitFor((d) -> text(By.cssSelector(".page-header .badge")).equals("Completed") ? true : null,
				Duration.ofSeconds(90));
		JsonNode analysis = api("GET", "/api/analyses/" + analysisId);
		assertThat(analysis.path("status").asString()).isEqualTo("COMPLETED");
		String overall = analysis.path("report").path("scorecard").path("overall").asString();
		assertThat(text(By.cssSelector(".overall .big"))).isEqualTo(overall);
		assertThat(text(By.tagName("main"))).contains("Recommendation: Yes").contains("Java and Spring Boot");

		// The full report: fetched with the key inside the console's frame, shown without
		// scripts.
		WebElement frame = waitFor((d) -> d.findElements(By.cssSelector("iframe.report")).isEmpty() ? null
				: d.findElement(By.cssSelector("iframe.report")));
		this.driver.switchTo().frame(frame);
		WebElement report = waitFor(
				(d) -> d.findElement(By.id("report")).isDisplayed() ? d.findElement(By.id("report")) : null);
		assertThat(report.getDomAttribute("sandbox")).isEmpty();
		this.driver.switchTo().frame(report);
		String score = waitFor(
				(d) -> d.findElements(By.id("overall-score")).isEmpty() ? null : text(By.id("overall-score")));
		assertThat(score).contains(overall);
		this.driver.switchTo().defaultContent();
		((JavascriptExecutor) this.driver).executeScript("window.scrollTo(0, 0)");
		shot("console-analysis-report");

		click(By.xpath("//button[normalize-space()='Create a share link']"));
		String link = waitFor((d) -> d.findElements(By.id("share-link")).isEmpty() ? null
				: d.findElement(By.id("share-link")).getDomProperty("value"));
		assertThat(link).startsWith(url("/api/reports/"));
		assertThat(AppProcess.get(link).status()).isEqualTo(200);

		// The fairness check, run from the console and followed until it is done.
		click(By.xpath("//div[@class='actions']/button[normalize-space()='Fairness check']"));
		click(By.xpath("//dialog[@open]//button[normalize-space()='Run the check']"));
		waitFor((d) -> toast().contains("Fairness check: passed.") ? true : null, Duration.ofSeconds(60));
		JsonNode check = api("GET", "/api/analyses/" + analysisId + "/fairness-check");
		assertThat(check.path("status").asString()).isEqualTo("COMPLETED");
		assertThat(check.path("verdict").asString()).isEqualTo("PASSED");
		noViolations();
	}

	@Test
	@Order(7)
	void aFailedAnalysisShowsItsReasonAndRunsAgain() throws Exception {
		this.llm.analysis.failures.put("questions", Reply.error(400, "Invalid schema for response_format"));
		Path transcript = Files.writeString(this.media.resolve("notes.txt"),
				"Interviewer: Why Java?\nCandidate: I like the JVM and its tooling a lot: the profilers, the debuggers "
						+ "and the libraries for almost everything we ever needed to build.\n");
		this.driver.get(url("/console#/analyses/new"));
		waitFor((d) -> d.findElements(By.cssSelector("input[type=file]")).isEmpty() ? null : true);
		this.driver.findElement(By.cssSelector("input[type=file]")).sendKeys(transcript.toString());
		field("Skills to assess").sendKeys("Java");
		click(By.xpath("//button[normalize-space()='Upload and analyse']"));
		String failure = waitFor((d) -> text(By.tagName("main")).contains("The analysis failed")
				? text(By.cssSelector(".notice--error")) : null, Duration.ofSeconds(60));
		assertThat(failure).contains("Invalid schema for response_format").contains("Run again");
		shot("console-analysis-failed");

		this.llm.analysis.failures.clear();
		click(By.xpath("//div[@class='actions']/button[normalize-space()='Run again']"));
		click(By.xpath("//dialog[@open]//button[normalize-space()='Run again']"));
		waitFor((d) -> text(By.cssSelector(".page-header .badge")).equals("Completed") ? true : null,
				Duration.ofSeconds(60));
		assertThat(this.driver.findElements(By.cssSelector(".notice--error"))).isEmpty();
		this.driver.get(url("/console#/analyses"));
		waitFor((d) -> d.findElements(By.cssSelector(".data-table tbody tr")).size() == 2 ? true : null);
		assertThat(text(By.cssSelector(".data-table tbody"))).contains("notes.txt").contains("interview.mp3");
		noViolations();
	}

	@Test
	@Order(8)
	void aReadOnlyKeyMayLookButNotChangeAndSignOutForgetsTheKey() {
		click(By.xpath("//button[normalize-space()='Sign out']"));
		waitFor((d) -> d.findElements(By.id("admin-key")).isEmpty() ? null : true);
		assertThat(((JavascriptExecutor) this.driver).executeScript("return sessionStorage.length")).isEqualTo(0L);
		signIn(READER_KEY);
		this.driver.get(url("/console#/records/" + this.recordId));
		waitFor((d) -> d.findElements(By.cssSelector("article.question")).size() == 5 ? true : null);
		this.driver.findElement(By.xpath("//button[normalize-space()='Add feedback']/ancestor::form//textarea"))
			.sendKeys("Prefer practical scenarios.");
		click(By.xpath("//button[normalize-space()='Add feedback']"));
		String refused = waitFor((d) -> text(By.tagName("main")).contains("may only read")
				? text(By.cssSelector(".form-errors .notice--error")) : null);
		assertThat(refused).contains("This key may only read").contains("The key 'reader' is read-only");
		assertThat(text(By.id("banner"))).contains("This key may only read");
		shot("console-read-only");
		noViolations();
	}

	// --- helpers -----------------------------------------------------------------------

	private void signIn(String key) {
		waitFor((d) -> d.findElements(By.id("admin-key")).isEmpty() ? null : true);
		WebElement input = this.driver.findElement(By.id("admin-key"));
		input.clear();
		input.sendKeys(key);
		click(By.cssSelector("form button[type=submit]"));
		waitFor((d) -> d.findElements(By.cssSelector("nav.nav")).isEmpty() ? null : true);
	}

	/** A screenshot of the page as it is, without passing notifications over it. */
	private void shot(String name) {
		((JavascriptExecutor) this.driver).executeScript("document.getElementById('toasts')?.replaceChildren()");
		this.browser.screenshot(name);
	}

	private Path descriptionPdf() throws IOException {
		Path pdf = this.media.resolve("backend-engineer.pdf");
		try (PDDocument document = new PDDocument()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream text = new PDPageContentStream(document, page)) {
				text.beginText();
				text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
				text.newLineAtOffset(50, 700);
				text.showText("We are hiring a backend engineer to build our interview platform in Java 17");
				text.newLineAtOffset(0, -16);
				text.showText("with Spring Boot and PostgreSQL. Kubernetes experience is a plus.");
				text.endText();
			}
			document.save(pdf.toFile());
		}
		return pdf;
	}

	private WebElement question(int index) {
		return this.driver.findElements(By.cssSelector("article.question")).get(index);
	}

	private WebElement field(String label) {
		return this.driver.findElement(By.xpath("//label[normalize-space()='" + label + "']/following-sibling::*[1]"));
	}

	private String toast() {
		return text(By.id("toasts"));
	}

	private void type(By by, String text) {
		waitFor((d) -> d.findElements(by).isEmpty() ? null : true);
		this.driver.findElement(by).sendKeys(text);
	}

	private void click(By by) {
		waitFor((d) -> {
			List<WebElement> found = d.findElements(by);
			return (!found.isEmpty() && found.get(0).isDisplayed() && found.get(0).isEnabled()) ? true : null;
		});
		this.driver.findElement(by).click();
	}

	private String text(By by) {
		List<WebElement> found = this.driver.findElements(by);
		return found.isEmpty() ? "" : found.get(0).getText();
	}

	private <T> T waitFor(Function<WebDriver, T> condition) {
		return waitFor(condition, Duration.ofSeconds(30));
	}

	/**
	 * Waits until the condition answers something other than null or false; on time-out,
	 * fails with what the page says (and a screenshot of it).
	 */
	private <T> T waitFor(Function<WebDriver, T> condition, Duration timeout) {
		try {
			return new WebDriverWait(this.driver, timeout, Duration.ofMillis(100))
				.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
				.until(condition::apply);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			this.driver.switchTo().defaultContent();
			Path shot = this.browser.screenshot("console-failure-" + System.currentTimeMillis());
			throw new AssertionError("Waited " + timeout.toSeconds() + " s in vain at " + this.driver.getCurrentUrl()
					+ " (screenshot " + shot + "); the page says:\n" + text(By.tagName("body")), ex);
		}
	}

	/** Nothing the console loaded or did was blocked by its Content-Security-Policy. */
	private void noViolations() {
		Object count = ((JavascriptExecutor) this.driver)
			.executeScript("return document.documentElement.dataset.cspViolations || '0'");
		assertThat(count).as("CSP violations in the console").isEqualTo("0");
	}

	private JsonNode record() throws Exception {
		return api("GET", "/api/records/" + this.recordId);
	}

	private JsonNode api(String method, String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url(path)))
				.header("Authorization", AdminKey.HEADER)
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
		return JSON.readTree(response.body());
	}

	private static void said(Connection db, String sessionId, int seq, String speaker, String text) throws Exception {
		update(db, """
				INSERT INTO transcript_entries (id, session_id, seq, speaker, text, start_ms, end_ms, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", UUID.randomUUID().toString(), sessionId, seq, speaker, text,
				seq * 9000L, seq * 9000L + 6000, System.currentTimeMillis());
	}

	private static void update(Connection db, String sql, Object... values) throws Exception {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				statement.setObject(i + 1, values[i]);
			}
			statement.executeUpdate();
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
