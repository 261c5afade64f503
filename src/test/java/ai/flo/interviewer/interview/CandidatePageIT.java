package ai.flo.interviewer.interview;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.Browser;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedTtsServer;
import ai.flo.interviewer.testsupport.ScriptedUtteranceServer;
import ai.flo.interviewer.testsupport.Speech;
import ai.flo.interviewer.testsupport.Sql;
import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanSubscribe;
import io.livekit.server.Hidden;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The candidate's page in a real browser: Debian's headless Chromium, with a fake
 * microphone that plays a WAV file, against the packaged jar (API and worker), a real
 * LiveKit server, and local servers for speech-to-text, the LLM and text-to-speech (their
 * providers' wire formats). The page is also the independent client of LiveKit's standard
 * protocol: its captions and state come from {@code livekit-client}, and a second, hidden
 * {@code livekit-client} room (run in the page by the test, none of the page's code)
 * records the transcription streams and the agent's state as any LiveKit front end
 * receives them. Screenshots go to {@code target/test-artifacts/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CandidatePageIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String QUESTION = "How do you test a payment flow?";

	static final String ANSWER = "I test it end to end with a sandbox and contract tests.";

	static final String REPLY = "Thank you, that is a clear answer.";

	LiveKitTestServer livekit;

	ScriptedUtteranceServer stt;

	ScriptedOpenAiServer llm;

	ScriptedTtsServer tts;

	AppProcess api;

	AppProcess worker;

	Path home;

	int apiPort;

	String recordId;

	@BeforeAll
	void start() throws Exception {
		this.livekit = LiveKitTestServer.start();
		this.stt = new ScriptedUtteranceServer();
		this.llm = ScriptedOpenAiServer.startOnFreePort();
		this.tts = ScriptedTtsServer.startOnFreePort();
		this.home = Files.createTempDirectory("flo-page-it");
		this.apiPort = AppProcess.freePort();
		int workerHealth = AppProcess.freePort();
		this.api = AppProcess.javaJar(this.home, env(), "--server.port=" + this.apiPort);
		Map<String, String> worker = env();
		worker.put("FLO_WORKER_HEALTH_PORT", String.valueOf(workerHealth));
		// No job runner: the ended session's analysis stays queued (what is asserted).
		worker.put("FLO_JOBS_RUNNER_ENABLED", "false");
		this.worker = AppProcess.javaJar(this.home, worker, "--spring.profiles.active=worker");
		await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(this.api.process().isAlive()).as("API alive; output:\n%s", this.api.output()).isTrue();
			assertThat(this.worker.process().isAlive()).as("worker alive; output:\n%s", this.worker.output()).isTrue();
			assertThat(AppProcess.get(url("/health/readiness")).status()).isEqualTo(200);
			assertThat(AppProcess.get("http://127.0.0.1:" + workerHealth + "/health").body())
				.contains("\"state\":\"REGISTERED\"");
		});
		this.recordId = record();
	}

	private Map<String, String> env() {
		Map<String, String> env = AppProcess.env("LIVEKIT_URL", this.livekit.url(), "LIVEKIT_API_KEY",
				LiveKitTestServer.KEY, "LIVEKIT_API_SECRET", LiveKitTestServer.SECRET, "FLO_HOME", this.home.toString(),
				"DATABASE_URL", "sqlite:///page.db", "ADMIN_API_KEYS", AdminKey.VALUE, "FLO_WORKER_REQUIRED", "false",
				"FLO_AGENT_STATUS_INTERVAL", "1s", "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", this.llm.baseUrl(),
				"GROQ_API_KEY", "gsk-test", "GROQ_BASE_URL", this.stt.baseUrl(), "FLO_STT_PROVIDER", "groq",
				"FLO_STT_MODEL", "whisper-large-v3", "FLO_STT_MAX_ATTEMPTS", "1", "CARTESIA_API_KEY", "ck-test",
				"CARTESIA_BASE_URL", this.tts.baseUrl(), "FLO_LLM_MAX_ATTEMPTS", "1", "FLO_JOBS_POLL_INTERVAL", "60s",
				"RUST_LOG", "warn");
		// The fake microphone plays its file on a fixed clock: should the answer overlap
		// the
		// greeting on a slow machine, it is heard after it (the barge-in is tested in
		// VoiceInterviewIT).
		env.put("FLO_VOICE_BARGE_IN_MIN_SPEECH", "30s");
		return env;
	}

	@AfterAll
	void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { this.worker, this.api, this.livekit, this.stt, this.llm,
				this.tts }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	void aCandidateTakesTheInterviewInTheBrowser_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		String code = interview(5, 1);
		this.stt.answer(ANSWER);
		this.llm.reply(Reply.stream(List.of("Thank you, ", "that is a clear answer."), List.of(), 5));
		// The microphone: a few words for the check, silence while the candidate joins
		// and
		// the interviewer greets them, then the answer, then silence.
		Path microphone = microphone(Files.createTempDirectory("flo-page-mic"), "Testing, one, two.", 15, ANSWER);
		long started = System.nanoTime();
		try (Browser browser = Browser.start(microphone, false)) {
			WebDriver page = browser.driver();
			page.get(url("/interview?code=" + code));
			watch(page);
			assertThat(page.findElement(By.id("code")).getAttribute("value")).isEqualTo(code);
			browser.screenshot("candidate-1-code");
			page.findElement(By.id("code-continue")).click();

			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-about")).isDisplayed());
			assertThat(page.findElement(By.id("about-role")).getText()).isEqualTo("QA Engineer");
			assertThat(page.findElement(By.id("about-length")).getText()).isEqualTo("5 minutes");
			assertThat(page.findElement(By.id("consent-text")).getText()).isNotBlank();
			page.findElement(By.id("name")).sendKeys("Alex Doe");
			// A resume PDF is read on the server and shown for the candidate to check.
			Path resume = Files.createTempFile("resume", ".pdf");
			Files.write(resume,
					CandidatePageTests.pdf("Alex Doe", "Six years of payment systems and test automation."));
			page.findElement(By.id("resume-file")).sendKeys(resume.toString());
			await().atMost(Duration.ofSeconds(10))
				.until(() -> page.findElement(By.id("resume-status")).getText().startsWith("We read 1 page"));
			assertThat(page.findElement(By.id("resume-text")).getAttribute("value"))
				.contains("Six years of payment systems");
			// Without consent, no joining.
			page.findElement(By.id("about-continue")).click();
			assertThat(page.findElement(By.id("about-error")).getText()).contains("agree");
			page.findElement(By.id("consent")).click();
			browser.screenshot("candidate-2-about");
			page.findElement(By.id("about-continue")).click();

			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-mic")).isDisplayed());
			page.findElement(By.id("mic-test")).click();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> page.findElement(By.id("mic-heard")).getText().startsWith("We can hear you"));
			assertThat(Integer.parseInt(page.findElement(By.id("mic-meter")).getAttribute("aria-valuenow")))
				.isGreaterThanOrEqualTo(0);
			browser.screenshot("candidate-3-microphone");
			page.findElement(By.id("join")).click();

			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-interview")).isDisplayed());
			observe(page);
			// The greeting, as a caption, while it is spoken.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> captions(page, "agent").stream().anyMatch((c) -> c.text().startsWith("Hello Alex")));
			browser.screenshot("candidate-4-greeting");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> captions(page, "agent").stream()
					.anyMatch((c) -> c.isFinal() && c.text().endsWith(QUESTION)));
			// The fake microphone's answer is heard, transcribed and answered.
			await().atMost(Duration.ofSeconds(45))
				.until(() -> captions(page, "you").stream().anyMatch((c) -> c.isFinal() && c.text().equals(ANSWER)));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> captions(page, "agent").stream().anyMatch((c) -> c.isFinal() && c.text().equals(REPLY)));
			await().atMost(Duration.ofSeconds(10)).until(() -> "listening".equals(state(page)));
			assertThat(page.findElement(By.id("time-left")).getText()).matches("[0-4]:[0-5][0-9]");
			browser.screenshot("candidate-5-answered");
			assertThat(states(page)).containsSubsequence("initializing", "speaking", "listening", "thinking",
					"speaking", "listening");
			assertThat(captions(page, "you")).extracting(Caption::text).containsExactly(ANSWER);

			// Mute and unmute.
			WebElement mute = page.findElement(By.id("mute"));
			mute.click();
			await().atMost(Duration.ofSeconds(5)).until(() -> "true".equals(mute.getAttribute("aria-pressed")));
			mute.click();
			await().atMost(Duration.ofSeconds(5)).until(() -> "false".equals(mute.getAttribute("aria-pressed")));

			// LiveKit's protocol as a stock client (livekit-client, not our page)
			// received it.
			Map<?, ?> observed = observed(page);
			assertThat(observed.get("error")).isNull();
			String candidate = (String) observed.get("candidate");
			String agent = (String) observed.get("agent");
			assertThat(candidate).startsWith("candidate-");
			assertThat(agent).startsWith("agent-");
			List<?> texts = (List<?>) observed.get("texts");
			assertThat(texts).anySatisfy((t) -> {
				Map<?, ?> text = (Map<?, ?>) t;
				assertThat(text.get("sender")).isEqualTo(candidate);
				assertThat(text.get("text")).isEqualTo(ANSWER);
				assertThat(attributes(text)).containsEntry("lk.transcription_final", "true")
					.containsEntry("lk.transcribed_track_id", observed.get("candidateTrack"))
					.containsKey("lk.segment_id");
			});
			assertThat(texts).anySatisfy((t) -> {
				Map<?, ?> text = (Map<?, ?>) t;
				assertThat(text.get("sender")).isEqualTo(agent);
				assertThat(text.get("text")).isEqualTo(REPLY);
				assertThat(attributes(text)).containsEntry("lk.transcription_final", "true")
					.containsEntry("lk.transcribed_track_id", observed.get("agentTrack"));
			});
			assertThat(observed.get("states")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
				.containsSubsequence("thinking", "speaking", "listening");

			// Leaving, with a confirmation.
			page.findElement(By.id("leave")).click();
			await().atMost(Duration.ofSeconds(5)).until(() -> page.findElement(By.id("leave-dialog")).isDisplayed());
			browser.screenshot("candidate-6-leave");
			page.findElement(By.id("leave-confirm")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-end")).isDisplayed());
			assertThat(page.findElement(By.id("end-reason")).getText()).isEqualTo("You left the interview.");
			browser.screenshot("candidate-7-ended");
			assertThat(violations(page)).as("Content-Security-Policy violations").isEmpty();
		}
		String session = sessionOf(code);
		await().atMost(Duration.ofSeconds(30)).until(() -> "ENDED".equals(sessionStatus(session)));
		assertThat(count("SELECT COUNT(*) FROM analyses WHERE session_id = ?", session)).isEqualTo(1);
		assertThat(
				count("SELECT COUNT(*) FROM interview_sessions WHERE id = ? AND resume_text LIKE '%payment systems%'",
						session))
			.isEqualTo(1);
		assertThat(count(
				"SELECT COUNT(*) FROM interview_sessions WHERE id = ? AND consent_version IS NOT NULL AND consented_at IS NOT NULL",
				session))
			.isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM transcript_entries WHERE session_id = ? AND speaker = 'candidate'",
				session))
			.isEqualTo(1);
		assertThat(this.stt.violations()).isEmpty();
		assertThat(this.stt.requests()).hasSize(1);
		System.out.printf("The interview in the browser took %d s%n",
				Duration.ofNanos(System.nanoTime() - started).toSeconds());
	}

	@Test
	void aReloadedPageCarriesTheSameInterviewOn_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		String code = interview(5, 1);
		Path microphone = microphone(Files.createTempDirectory("flo-page-mic"), "Testing, one, two.", 0, null);
		try (Browser browser = Browser.start(microphone, false)) {
			WebDriver page = browser.driver();
			page.get(url("/interview?code=" + code));
			page.findElement(By.id("code-continue")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-about")).isDisplayed());
			page.findElement(By.id("name")).sendKeys("Robin Reload");
			page.findElement(By.id("consent")).click();
			page.findElement(By.id("about-continue")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-mic")).isDisplayed());
			page.findElement(By.id("mic-test")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("join")).isEnabled());
			page.findElement(By.id("join")).click();
			long joined = System.nanoTime();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> captions(page, "agent").stream()
					.anyMatch((c) -> c.isFinal() && c.text().endsWith(QUESTION)));
			long beforeReload = Duration.ofNanos(System.nanoTime() - joined).toSeconds();
			String session = sessionNamed("Robin Reload");

			// The page is reloaded mid-interview: it offers to carry on, with no code.
			page.navigate().refresh();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-resume")).isDisplayed());
			browser.screenshot("candidate-8-resume");
			page.findElement(By.id("resume-continue")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-interview")).isDisplayed());
			await().atMost(Duration.ofSeconds(60))
				.until(() -> captions(page, "agent").stream()
					.anyMatch((c) -> c.text().startsWith("Welcome back, Robin"))
						&& captions(page, "agent").stream()
							.anyMatch((c) -> c.isFinal() && c.text().endsWith(QUESTION)));
			// The page's clock follows the interview's (published by the interviewer),
			// not
			// the whole five minutes again.
			assertThat(secondsLeft(page)).isLessThanOrEqualTo(5 * 60 - beforeReload + 2);
			assertThat(sessionNamed("Robin Reload")).as("the same session").isEqualTo(session);
			assertThat(sessionStatus(session)).isEqualTo("LIVE");

			// Leaving on purpose ends the interview at once (no wait for a return).
			page.findElement(By.id("leave")).click();
			await().atMost(Duration.ofSeconds(5)).until(() -> page.findElement(By.id("leave-dialog")).isDisplayed());
			page.findElement(By.id("leave-confirm")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-end")).isDisplayed());
			await().atMost(Duration.ofSeconds(10)).until(() -> "ENDED".equals(sessionStatus(session)));
			// Opened again, the page asks for a code: nothing to carry on.
			page.navigate().refresh();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-code")).isDisplayed());
		}
		assertThat(count("SELECT COUNT(*) FROM interview_sessions WHERE candidate_name = ?", "Robin Reload"))
			.isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM transcript_entries WHERE session_id = ? AND text LIKE 'Welcome back%'",
				sessionNamed("Robin Reload")))
			.isEqualTo(1);
	}

	/** The page's clock, in seconds. */
	private static long secondsLeft(WebDriver page) {
		String[] shown = page.findElement(By.id("time-left")).getText().split(":");
		return Long.parseLong(shown[0]) * 60 + Long.parseLong(shown[1]);
	}

	private String sessionNamed(String name) throws Exception {
		try (Connection db = Sql.connect("sqlite:///page.db", this.home);
				PreparedStatement statement = db
					.prepareStatement("SELECT id FROM interview_sessions WHERE candidate_name = ?")) {
			statement.setString(1, name);
			try (ResultSet rs = statement.executeQuery()) {
				assertThat(rs.next()).as("a session of %s", name).isTrue();
				return rs.getString(1);
			}
		}
	}

	@Test
	void whenTheInterviewerClosesTheInterviewThePageSaysSo() throws Exception {
		// A record without questions: the interviewer says so and closes at once.
		String empty = UUID.randomUUID().toString();
		try (Connection db = Sql.connect("sqlite:///page.db", this.home)) {
			update(db, "INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
					+ "VALUES (?, 'Designer', 'Design', 'READY', 0, 0)", empty);
		}
		String code = createInterview(empty, 5, 1).path("accessCode").asString();
		Path microphone = microphone(Files.createTempDirectory("flo-page-mic"), "Testing, one, two.", 0, null);
		try (Browser browser = Browser.start(microphone, false)) {
			WebDriver page = browser.driver();
			page.get(url("/interview?code=" + code));
			page.findElement(By.id("code-continue")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-about")).isDisplayed());
			page.findElement(By.id("name")).sendKeys("Kim Doe");
			page.findElement(By.id("consent")).click();
			page.findElement(By.id("about-continue")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-mic")).isDisplayed());
			page.findElement(By.id("mic-test")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("join")).isEnabled());
			page.findElement(By.id("join")).click();
			await().atMost(Duration.ofSeconds(60)).until(() -> page.findElement(By.id("step-end")).isDisplayed());
			assertThat(page.findElement(By.id("end-reason")).getText())
				.isEqualTo("The interviewer has closed the interview.");
			assertThat(captions(page, "agent"))
				.anySatisfy((c) -> assertThat(c.text()).contains("There are no questions planned for this interview"));
		}
	}

	@Test
	void aWrongOrUsedUpCodeShowsTheProblemInWordsOnAPhoneSizedScreen() throws Exception {
		try (Browser browser = Browser.start()) {
			WebDriver page = browser.driver();
			page.manage().window().setSize(new Dimension(390, 844));
			page.get(url("/interview"));
			// By keyboard: the code, then Enter.
			page.findElement(By.id("code")).sendKeys("AAAA-BBBB-CCCC" + Keys.ENTER);
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("code-error")).isDisplayed());
			assertThat(page.findElement(By.id("code-error")).getText())
				.isEqualTo("This access code does not exist. Check it with the person who sent it.");
			assertThat(page.findElement(By.id("code")).getAttribute("aria-invalid")).isEqualTo("true");
			// Nothing wider than the phone's screen.
			assertThat((Long) js(page)
				.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
				.isLessThanOrEqualTo(0L);
			browser.screenshot("candidate-wrong-code-phone");

			JsonNode used = createInterview(5, 1);
			try (Connection db = Sql.connect("sqlite:///page.db", this.home)) {
				update(db, "UPDATE interviews SET uses = max_uses WHERE id = ?", used.path("id").asString());
			}
			page.get(url("/interview?code=" + used.path("accessCode").asString()));
			page.findElement(By.id("code-continue")).click();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> page.findElement(By.id("code-error")).getText().contains("already been used"));
			assertThat(page.findElement(By.id("code-error")).getText())
				.isEqualTo("This access code has already been used as often as allowed. Ask for a new one.");
		}
	}

	@Test
	void aBlockedOrMissingMicrophoneShowsWhatToDo() throws Exception {
		JsonNode interview = createInterview(5, 1);
		try (Browser browser = Browser.start(null, true)) {
			WebDriver page = browser.driver();
			page.get(url("/interview?code=" + interview.path("accessCode").asString()));
			page.findElement(By.id("code-continue")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-about")).isDisplayed());
			page.findElement(By.id("name")).sendKeys("Sam Doe");
			page.findElement(By.id("consent")).click();
			page.findElement(By.id("about-continue")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("step-mic")).isDisplayed());
			page.findElement(By.id("mic-test")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> page.findElement(By.id("mic-error")).isDisplayed());
			assertThat(page.findElement(By.id("mic-error")).getText())
				.startsWith("Your browser blocked the microphone.");
			assertThat(page.findElement(By.id("join")).isEnabled()).isFalse();
			browser.screenshot("candidate-microphone-denied");
			// No microphone at all, as the browser reports it (simulated: a machine with
			// a
			// microphone would otherwise find it).
			js(page).executeScript("navigator.mediaDevices.getUserMedia = () => "
					+ "Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));");
			page.findElement(By.id("mic-test")).click();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> page.findElement(By.id("mic-error")).getText().startsWith("No microphone was found."));
			assertThat(page.findElement(By.id("join")).isEnabled()).isFalse();
		}
		// Nothing was joined: no session, the code unused.
		assertThat(count("SELECT COUNT(*) FROM interview_sessions WHERE interview_id = ?",
				interview.path("id").asString()))
			.isZero();
	}

	// --- the page, seen from the test
	// ---------------------------------------------------

	record Caption(String speaker, String text, boolean isFinal) {
	}

	private static List<Caption> captions(WebDriver page, String speaker) {
		List<Caption> found = new ArrayList<>();
		for (WebElement element : page.findElements(By.cssSelector(".caption[data-speaker='" + speaker + "']"))) {
			// textContent: also once the captions are hidden behind the end screen.
			found.add(new Caption(speaker, element.findElement(By.className("words")).getAttribute("textContent"),
					"true".equals(element.getAttribute("data-final"))));
		}
		return found;
	}

	private static String state(WebDriver page) {
		return page.findElement(By.id("agent-state")).getAttribute("data-state");
	}

	/**
	 * Records every state the page shows and every Content-Security-Policy violation
	 * (test instrumentation, run through the driver).
	 */
	private static void watch(WebDriver page) {
		js(page).executeScript("""
				window.__states = [];
				window.__violations = [];
				document.addEventListener('securitypolicyviolation',
				  (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
				const element = document.getElementById('agent-state');
				new MutationObserver(() => {
				  const state = element.dataset.state;
				  if (window.__states[window.__states.length - 1] !== state) window.__states.push(state);
				}).observe(element, { attributes: true, attributeFilter: ['data-state'] });
				""");
	}

	@SuppressWarnings("unchecked")
	private static List<String> states(WebDriver page) {
		return (List<String>) js(page).executeScript("return window.__states;");
	}

	@SuppressWarnings("unchecked")
	private static List<String> violations(WebDriver page) {
		return (List<String>) js(page).executeScript("return window.__violations;");
	}

	/**
	 * A second, hidden participant made with {@code livekit-client} as any LiveKit front
	 * end would use it: it records the {@code lk.transcription} streams (sender, text,
	 * final attributes) and the agent's {@code lk.agent.state} changes.
	 */
	private void observe(WebDriver page) throws Exception {
		String room = await().atMost(Duration.ofSeconds(10)).until(this::roomOfAlex, (r) -> r != null);
		AccessToken token = new AccessToken(LiveKitTestServer.KEY, LiveKitTestServer.SECRET);
		token.setIdentity("observer");
		token.addGrants(new RoomJoin(true), new RoomName(room), new CanSubscribe(true), new CanPublish(false),
				new CanPublishData(false), new Hidden(true));
		js(page).executeScript("""
				const LK = window.LivekitClient;
				const seen = window.__observed = { texts: [], states: [] };
				const room = new LK.Room();
				room.registerTextStreamHandler('lk.transcription', async (reader, participant) => {
				  let text = '';
				  for await (const chunk of reader) text += chunk;
				  seen.texts.push({ sender: participant.identity, text: text, attributes: reader.info.attributes });
				});
				room.on(LK.RoomEvent.ParticipantAttributesChanged, (changed, participant) => {
				  if (participant.isAgent && 'lk.agent.state' in changed) seen.states.push(changed['lk.agent.state']);
				});
				room.connect(arguments[0], arguments[1]).catch((e) => { seen.error = String(e); });
				window.__observer = room;
				""", this.livekit.url(), token.toJwt());
	}

	private static Map<?, ?> observed(WebDriver page) {
		return (Map<?, ?>) js(page).executeScript("""
				const room = window.__observer;
				const seen = window.__observed;
				const people = Array.from(room.remoteParticipants.values());
				const agent = people.find((p) => p.isAgent);
				const candidate = people.find((p) => !p.isAgent);
				const track = (p) => p && Array.from(p.audioTrackPublications.values()).map((t) => t.trackSid)[0];
				return { texts: seen.texts, states: seen.states, error: seen.error || null,
				  agent: agent && agent.identity, candidate: candidate && candidate.identity,
				  agentTrack: track(agent), candidateTrack: track(candidate) };""");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> attributes(Map<?, ?> text) {
		return (Map<String, Object>) text.get("attributes");
	}

	private static JavascriptExecutor js(WebDriver page) {
		return (JavascriptExecutor) page;
	}

	// --- the service
	// ---------------------------------------------------------------------

	private String url(String path) {
		return "http://127.0.0.1:" + this.apiPort + path;
	}

	/** A record with one skill and two questions, written straight to the database. */
	private String record() throws Exception {
		String record = UUID.randomUUID().toString();
		String skill = UUID.randomUUID().toString();
		try (Connection db = Sql.connect("sqlite:///page.db", this.home)) {
			update(db,
					"INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) VALUES (?, 'QA Engineer', 'Testing', 'READY', 0, 0)",
					record);
			update(db,
					"INSERT INTO skills (id, record_id, name, level, requirement, category, num_questions, difficulty, priority, "
							+ "questions_status, position, created_at, updated_at) VALUES (?, ?, 'Testing', 'PROFESSIONAL', 'MANDATORY', "
							+ "'TECHNICAL', 2, 'MEDIUM', 1, 'READY', 0, 0, 0)",
					skill, record);
			int position = 0;
			for (String question : List.of(QUESTION, "What is a flaky test?")) {
				update(db,
						"INSERT INTO questions (id, skill_id, question, ideal_answer, format, difficulty, coding, position, created_at) "
								+ "VALUES (?, ?, ?, 'Sandboxes and contract tests.', 'OPEN_ENDED', 'MEDIUM', 0, ?, 0)",
						UUID.randomUUID().toString(), skill, question, position++);
			}
		}
		return record;
	}

	/** An interview through the API: its access code. */
	private String interview(int lengthMinutes, int maxUses) throws IOException, InterruptedException {
		return createInterview(lengthMinutes, maxUses).path("accessCode").asString();
	}

	/** An interview through the API. */
	private JsonNode createInterview(int lengthMinutes, int maxUses) throws IOException, InterruptedException {
		return createInterview(this.recordId, lengthMinutes, maxUses);
	}

	private JsonNode createInterview(String record, int lengthMinutes, int maxUses)
			throws IOException, InterruptedException {
		HttpResponse<String> created = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/api/interviews")))
				.header("Authorization", AdminKey.HEADER)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"recordId\":\"" + record + "\",\"lengthMinutes\":"
						+ lengthMinutes + ",\"codeMaxUses\":" + maxUses + "}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return JSON.readTree(created.body());
	}

	/** The room of the session the page joined, once it has. */
	private String roomOfAlex() throws Exception {
		try (Connection db = Sql.connect("sqlite:///page.db", this.home);
				PreparedStatement statement = db
					.prepareStatement("SELECT room_name FROM interview_sessions WHERE candidate_name = 'Alex Doe'")) {
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? rs.getString(1) : null;
			}
		}
	}

	private String sessionOf(String code) throws Exception {
		try (Connection db = Sql.connect("sqlite:///page.db", this.home);
				PreparedStatement statement = db.prepareStatement(
						"SELECT s.id FROM interview_sessions s WHERE s.candidate_name = 'Alex Doe' ORDER BY s.created_at DESC")) {
			try (ResultSet rs = statement.executeQuery()) {
				assertThat(rs.next()).as("a session for the code %s", code).isTrue();
				return rs.getString(1);
			}
		}
	}

	private String sessionStatus(String session) throws Exception {
		try (Connection db = Sql.connect("sqlite:///page.db", this.home);
				PreparedStatement statement = db
					.prepareStatement("SELECT status FROM interview_sessions WHERE id = ?")) {
			statement.setString(1, session);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? rs.getString(1) : "";
			}
		}
	}

	private int count(String sql, String param) throws Exception {
		try (Connection db = Sql.connect("sqlite:///page.db", this.home);
				PreparedStatement statement = db.prepareStatement(sql)) {
			statement.setString(1, param);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	private static void update(Connection db, String sql, Object... params) throws Exception {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			statement.executeUpdate();
		}
	}

	/**
	 * A WAV for Chromium's fake microphone (48 kHz mono): {@code check}, silence for
	 * {@code pauseSeconds}, {@code answer} (if any), then a minute of silence (the file
	 * loops).
	 */
	private static Path microphone(Path folder, String check, int pauseSeconds, String answer) throws Exception {
		int rate = 48_000;
		short[] first = Speech.pcmMono(check, rate);
		short[] second = (answer != null) ? Speech.pcmMono(answer, rate) : new short[0];
		int samples = first.length + pauseSeconds * rate + second.length + 60 * rate;
		ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
		wav.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
		wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
		wav.putShort((short) 2).putShort((short) 16);
		wav.put("data".getBytes()).putInt(samples * 2);
		for (short sample : first) {
			wav.putShort(sample);
		}
		wav.position(wav.position() + pauseSeconds * rate * 2);
		for (short sample : second) {
			wav.putShort(sample);
		}
		Path file = folder.resolve("answer.wav");
		Files.write(file, wav.array());
		return file;
	}

}
