package ai.flo.interviewer.analysis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.livekit.server.AccessToken;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.interview.SessionPlans;
import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.Fixtures;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedSpeechServer;
import ai.flo.interviewer.testsupport.TestMedia;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Recording analysis through HTTP with real media made here (espeak-ng speech encoded by
 * ffmpeg), real ffprobe and ffmpeg, the real job runner on SQLite, and two local HTTP
 * servers: one speaking OpenAI's {@code /audio/transcriptions} wire format (it checks
 * each chunk it gets and answers the known text of that stretch) and one speaking the
 * chat-completions format (answers scripted). Run on SQLite ({@link AnalysisApiTests})
 * and PostgreSQL ({@link PostgresAnalysisApiTests}).
 */
@SpringBootTest(properties = { "flo.jobs.runner-enabled=true", "flo.jobs.poll-interval=100ms", "flo.jobs.concurrency=2",
		"flo.jobs.max-attempts=2", "flo.jobs.backoff-initial=200ms", "flo.llm.max-attempts=1", "flo.llm.timeout=10s",
		"flo.speech.transcription.max-attempts=1", "flo.worker.required=false",
		"flo.access.admin-api-keys=" + AdminKey.VALUE, "flo.analysis.max-upload-size=3MB",
		"flo.analysis.chunk-max-size=" + AnalysisApiScenarios.CHUNK_LIMIT, "flo.analysis.transcription-concurrency=2",
		"flo.livekit.url=ws://127.0.0.1:9", "flo.livekit.api-key=" + LiveKitTestServer.KEY,
		"flo.livekit.api-secret=" + LiveKitTestServer.SECRET })
@AutoConfigureMockMvc
abstract class AnalysisApiScenarios {

	/** Small, so that a 40-second recording needs several chunks. */
	static final int CHUNK_LIMIT = 300_000;

	static final List<String> SENTENCES = List.of("Tell me about a system you built recently.",
			"I built a payment service in Java with Spring Boot and PostgreSQL.",
			"We processed about two million transactions a day.", "How did you make it reliable?",
			"Every request was idempotent, and we retried failed calls with backoff.",
			"We deployed it on Kubernetes with three replicas.", "What would you do differently today?",
			"I would write more integration tests against a real database.");

	/** A short interview, with enough of the candidate's words to be assessed. */
	static final String SHORT_INTERVIEW = "Interviewer: Why Java?\nCandidate: I like the JVM and its tooling a lot: the "
			+ "profilers, the debuggers and the libraries for almost everything we ever needed to build.\n";

	static final Path MEDIA = temporaryFolder("flo-analysis-media");

	static final TestMedia.Spoken SPOKEN = TestMedia.speech(MEDIA, SENTENCES);

	static final ScriptedSpeechServer speech = ScriptedSpeechServer.startOnFreePort(SPOKEN).maxBytes(CHUNK_LIMIT);

	static final ScriptedOpenAiServer openAi = ScriptedOpenAiServer.startOnFreePort();

	static final AnalysisLlmScript llm = new AnalysisLlmScript();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static Path home;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		Path folder = Files.createTempDirectory("flo-analysis-home");
		home = folder;
		registry.add("flo.data.home", folder::toString);
		registry.add("flo.providers.openai.api-key", () -> "sk-test");
		registry.add("flo.providers.openai.base-url", openAi::baseUrl);
		registry.add("flo.providers.groq.api-key", () -> "gsk-test");
		registry.add("flo.providers.groq.base-url", speech::baseUrl);
		registry.add("flo.speech.transcription.provider", () -> "groq");
		registry.add("flo.speech.transcription.model", () -> "whisper-large-v3");
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SessionPlans plans;

	@BeforeEach
	void reset() {
		openAi.reset();
		openAi.route(llm::answer);
		llm.clear();
		speech.reset();
	}

	// The local servers are shared by the SQLite and PostgreSQL runs of these scenarios
	// (one JVM):
	// they are not closed after a class, and end with the test JVM.

	@Test
	void aRecordingIsChunkedTranscribedAndAnalysed_localSpeechAndOpenAiWireFormatServers() throws Exception {
		Path mp3 = TestMedia.encode(SPOKEN.wav(), MEDIA.resolve("interview.mp3"), TestMedia.Format.MP3);
		// The cleaning step recases one line (kept as a reading aid) and puts a word in
		// the candidate's mouth on another (refused); the skills step then quotes the
		// invented words as evidence.
		llm.rewrites.put(1, "i built a payment service in java with spring boot and postgresql!");
		llm.rewrites.put(4, "Every request was scripted, and we retried failed calls with backoff.");
		llm.quotes.put("Testing", "Every request was scripted");
		MvcTestResult created = upload(mp3, "../../etc/My Interview (final).mp3",
				List.of("Java and Spring Boot", "Kubernetes", "Testing", "COBOL"), "Backend Engineer");
		assertThat(created).hasStatus(202);
		JsonNode accepted = json(created);
		String id = accepted.path("id").asString();
		assertThat(created.getResponse().getHeader("Location")).endsWith("/api/analyses/" + id);
		assertThat(accepted.path("source").path("fileName").asString()).isEqualTo("My_Interview_final_.mp3");
		assertThat(accepted.path("source").path("durationMs").asLong()).isCloseTo(SPOKEN.durationMs(),
				org.assertj.core.data.Offset.offset(150L));
		// Stored under a generated name in uploads/<id>/, never under the client's name.
		assertThat(home.resolve("uploads").resolve(id).resolve("source.mp3")).exists();

		JsonNode done = awaitAnalysis(id, "COMPLETED");
		assertThat(speech.violations()).isEmpty();
		assertThat(llm.problems).isEmpty();

		// Several chunks, each transcribed once; together they heard every sentence
		// exactly once.
		List<ScriptedSpeechServer.Request> requests = speech.requests();
		assertThat(requests).hasSizeGreaterThan(1).allSatisfy((r) -> {
			assertThat(r.status()).isEqualTo(200);
			assertThat(r.model()).isEqualTo("whisper-large-v3");
			assertThat(r.responseFormat()).isEqualTo("verbose_json");
			assertThat(r.timestampGranularities()).containsExactly("segment");
			assertThat(r.bytes()).isLessThanOrEqualTo(CHUNK_LIMIT);
		});
		List<Integer> chunks = this.jdbc.sql("SELECT idx FROM analysis_chunks WHERE analysis_id = :id ORDER BY idx")
			.param("id", id)
			.query(Integer.class)
			.list();
		assertThat(requests).hasSize(chunks.size());
		// A chunk after the first of its region is prompted with the end of the previous
		// chunk's text.
		List<String> prompts = this.jdbc.sql("SELECT prompt FROM analysis_chunks WHERE analysis_id = :id ORDER BY idx")
			.param("id", id)
			.query(String.class)
			.list();
		assertThat(prompts.get(0)).contains("Backend Engineer").contains("Kubernetes");
		int withPrevious = 0;
		for (int i = 1; i < prompts.size(); i++) {
			String previousText = this.jdbc
				.sql("SELECT segments FROM analysis_chunks WHERE analysis_id = :id AND idx = :i")
				.param("id", id)
				.param("i", i - 1)
				.query(String.class)
				.single();
			String tail = prompts.get(i);
			if (!tail.contains("Backend Engineer")) {
				withPrevious++;
				assertThat(JSON.readTree(previousText).path("parts").toString())
					.contains(tail.substring(Math.max(0, tail.length() - 30)));
			}
		}
		assertThat(withPrevious).isGreaterThanOrEqualTo(prompts.size() - 2);

		// The stitched transcript: every sentence once, in order, at its time.
		JsonNode transcript = json(get("/api/analyses/" + id + "/transcript"));
		assertThat(transcript.path("timed").asBoolean()).isTrue();
		List<String> texts = new ArrayList<>();
		transcript.path("segments").forEach((s) -> texts.add(s.path("text").asString()));
		assertThat(texts).containsExactlyElementsOf(SENTENCES);
		for (int i = 0; i < SENTENCES.size(); i++) {
			JsonNode segment = transcript.path("segments").get(i);
			assertThat(segment.path("startMs").asLong()).isCloseTo(SPOKEN.utterances().get(i).startMs(),
					org.assertj.core.data.Offset.offset(300L));
		}

		// The report: scores only with evidence found in the transcript, absent ones with
		// a reason.
		JsonNode report = done.path("report");
		assertThat(report.path("run").asInt()).isEqualTo(1);
		JsonNode skills = report.path("skills");
		assertThat(skills).hasSize(4);
		assertThat(skills.get(0).path("skill").asString()).isEqualTo("Java and Spring Boot");
		assertThat(skills.get(0).path("score").asInt()).isEqualTo(80);
		assertThat(skills.get(0).path("evidence").get(0).path("verified").asBoolean()).isTrue();
		long quotedAt = skills.get(0).path("evidence").get(0).path("startMs").asLong();
		assertThat(quotedAt).isCloseTo(SPOKEN.utterances().get(1).startMs(), org.assertj.core.data.Offset.offset(300L));
		assertThat(skills.get(1).path("score").asInt()).isEqualTo(70);
		assertThat(skills.get(2).path("score").isNull()).isTrue();
		assertThat(skills.get(2).path("absentReason").asString()).isEqualTo(
				"none of the model's quotes was verified (only in the model's cleaned text, not in what was said)");
		JsonNode invented = skills.get(2).path("evidence").get(0);
		assertThat(invented.path("verified").asBoolean()).isFalse();
		assertThat(invented.path("unverifiedReason").asString())
			.isEqualTo("only in the model's cleaned text, not in what was said");
		// The report's transcript is what speech-to-text heard; the cleaned text is a
		// separate reading aid, kept only where it says the same words.
		List<String> reported = new ArrayList<>();
		report.path("transcript").forEach((s) -> reported.add(s.path("text").asString()));
		assertThat(reported).containsExactlyElementsOf(SENTENCES);
		JsonNode readingAid = report.path("readingAid");
		assertThat(readingAid.path("status").asString()).isEqualTo("DONE");
		assertThat(readingAid.path("accepted").asInt()).isEqualTo(1);
		assertThat(readingAid.path("rejected").asInt()).isEqualTo(1);
		assertThat(readingAid.path("unchanged").asInt()).isEqualTo(SENTENCES.size() - 2);
		assertThat(readingAid.path("lines")).hasSize(2);
		assertThat(readingAid.path("lines").get(0).path("index").asInt()).isEqualTo(1);
		assertThat(readingAid.path("lines").get(0).path("status").asString()).isEqualTo("ACCEPTED");
		JsonNode refused = readingAid.path("lines").get(1);
		assertThat(refused.path("index").asInt()).isEqualTo(4);
		assertThat(refused.path("status").asString()).isEqualTo("REJECTED");
		assertThat(refused.path("reason").asString())
			.isEqualTo("changes the words: adds “scripted”; drops “idempotent”");
		// Every assessing step read the verbatim line.
		for (String step : List.of("skills", "questions", "insights", "feedback", "summary")) {
			assertThat(llm.prompts.get(step)).as(step).contains(SENTENCES.get(4)).doesNotContain("scripted");
		}
		assertThat(skills.get(3).path("score").isNull()).isTrue();
		assertThat(skills.get(3).path("absentReason").asString()).isEqualTo("COBOL was not discussed");
		JsonNode questions = report.path("questions");
		assertThat(questions.get(0).path("grade").asInt()).isEqualTo(7);
		assertThat(questions.get(0).path("askedAtMs").asLong()).isCloseTo(SPOKEN.utterances().get(0).startMs(),
				org.assertj.core.data.Offset.offset(300L));
		assertThat(questions.get(1).path("grade").isNull()).isTrue();
		assertThat(questions.get(1).path("absentReason").asString()).isEqualTo("not answered");
		// Scorecard: skills (80+70)/2 = 75, questions 70, communication 72; weights
		// .5/.3/.2 -> 72.9 -> 73
		JsonNode scorecard = report.path("scorecard");
		assertThat(scorecard.path("components").get(0).path("score").asInt()).isEqualTo(75);
		assertThat(scorecard.path("components").get(1).path("score").asInt()).isEqualTo(70);
		assertThat(scorecard.path("components").get(2).path("score").asInt()).isEqualTo(72);
		assertThat(scorecard.path("overall").asInt()).isEqualTo(73);
		assertThat(scorecard.path("status").asString()).isEqualTo("COMPLETE");
		assertThat(scorecard.path("components").get(0).path("basis").asString())
			.isEqualTo("mean of 2 of 4 skills (not scored: Testing, COBOL)");
		// Computed metrics; speakers are unknown in a recording, so no talk ratio.
		JsonNode metrics = report.path("communication");
		assertThat(metrics.path("speakingRate").path("value").asDouble()).isBetween(90.0, 250.0);
		assertThat(metrics.path("talkRatio").path("value").isNull()).isTrue();
		assertThat(metrics.path("talkRatio").path("absentReason").asString()).contains("speakers are not identified");
		assertThat(report.path("executiveSummary").asString()).contains("solid backend experience");
		assertThat(llm.steps).contains("clean", "skills", "questions", "insights", "feedback", "summary");

		// Files beside the database.
		Path transcripts = home.resolve("transcriptions").resolve(id);
		assertThat(transcripts.resolve("transcript.json")).content().contains(SENTENCES.get(3));
		assertThat(transcripts.resolve("transcript.srt")).content().startsWith("1\n00:00:00,");
		assertThat(transcripts.resolve("transcript.vtt")).content().startsWith("WEBVTT");
		assertThat(JSON.readTree(home.resolve("interview_data").resolve(id).resolve("analysis.json").toFile())
			.path("scorecard")
			.path("overall")
			.asInt()).isEqualTo(73);
		assertThat(get("/api/analyses/" + id + "/transcript.srt").getResponse().getContentAsString()).contains(" --> ")
			.contains(SENTENCES.get(5));

		// Reports: HTML and a PDF that has the text.
		MvcTestResult html = get("/api/analyses/" + id + "/report.html");
		assertThat(html).hasStatusOk();
		assertThat(html.getResponse().getContentAsString()).contains("73")
			.contains(SENTENCES.get(2))
			.contains(SENTENCES.get(4) + "</span><div class=\"cleaning-rejected\" id=\"cleaned-4\">")
			.doesNotContain("Every request was scripted, and");
		MvcTestResult pdf = get("/api/analyses/" + id + "/report.pdf");
		assertThat(pdf).hasStatusOk();
		try (PDDocument document = Loader.loadPDF(pdf.getResponse().getContentAsByteArray())) {
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains("Kubernetes").contains("73").contains("not scored");
		}

		// A re-run is explicit and keeps the first run's report.
		assertThat(post("/api/analyses/" + id + "/rerun")).hasStatus(202);
		JsonNode second = awaitAnalysis(id, "COMPLETED", 2);
		assertThat(second.path("completedRuns").toString()).isEqualTo("[1,2]");
		assertThat(json(get("/api/analyses/" + id + "/report?run=1")).path("run").asInt()).isEqualTo(1);
		assertThat(speech.requests()).hasSize(chunks.size()); // not transcribed again
	}

	@ParameterizedTest
	@EnumSource(TestMedia.Format.class)
	void everySupportedContainerIsAnalysed_localSpeechAndOpenAiWireFormatServers(TestMedia.Format format)
			throws Exception {
		Path file = TestMedia.encode(SPOKEN.wav(), MEDIA.resolve("speech-" + format + "." + format.extension()),
				format);
		MvcTestResult created = upload(file, "speech." + format.extension(), List.of("Java"), null);
		assertThat(created).hasStatus(202);
		String id = json(created).path("id").asString();
		JsonNode done = awaitAnalysis(id, "COMPLETED");
		assertThat(speech.violations()).isEmpty();
		List<String> texts = new ArrayList<>();
		done.path("report").path("transcript").forEach((s) -> texts.add(s.path("text").asString()));
		assertThat(texts).hasSize(SENTENCES.size());
	}

	@ParameterizedTest
	@EnumSource(value = TestMedia.Format.class, names = { "MP4_VIDEO", "MOV_VIDEO", "MKV_VIDEO" })
	void aVideoWhoseVideoTrackOutlastsItsAudioIsAnalysed_localSpeechAndOpenAiWireFormatServers(TestMedia.Format format)
			throws Exception {
		Path file = TestMedia.videoOutlastingAudio(SPOKEN.wav(),
				MEDIA.resolve("screen-" + format + "." + format.extension()), format, 4);
		MvcTestResult created = upload(file, "meeting." + format.extension(), List.of("Java"), null);
		assertThat(created).as(created.getResponse().getContentAsString()).hasStatus(202);
		JsonNode done = awaitAnalysis(json(created).path("id").asString(), "COMPLETED");
		List<String> texts = new ArrayList<>();
		done.path("report").path("transcript").forEach((s) -> texts.add(s.path("text").asString()));
		assertThat(texts).hasSize(SENTENCES.size());
	}

	@Test
	void unusableUploadsAreRefusedWithWhatIsWrongAndLeaveNothingBehind(@TempDir Path folder) throws Exception {
		Path mp3 = TestMedia.encode(SPOKEN.wav(), folder.resolve("good.mp3"), TestMedia.Format.MP3);
		Path wav = TestMedia.encode(SPOKEN.wav(), folder.resolve("good.wav"), TestMedia.Format.WAV);
		Path m4a = TestMedia.encode(SPOKEN.wav(), folder.resolve("good.m4a"), TestMedia.Format.M4A);
		refused(TestMedia.zeroBytes(folder.resolve("empty.mp3")), "empty.mp3", 400, "analysis-invalid-input", "empty");
		refused(TestMedia.corrupt(folder.resolve("noise.mp3"), 50_000), "noise.mp3", 422, "analysis-unreadable-media",
				"ffprobe cannot read it");
		refused(TestMedia.textNamedAsAudio(folder.resolve("notes.mp3")), "notes.mp3", 415, "analysis-unsupported-file",
				"its name ends in .mp3");
		refused(TestMedia.videoWithoutAudio(folder.resolve("video.mp4"), 3), "video.mp4", 422, "analysis-no-audio",
				"no audio stream");
		refused(TestMedia.silent(folder.resolve("silence.mp3"), 5), "silence.mp3", 422, "analysis-silent-media",
				"silent");
		refused(TestMedia.truncated(mp3, folder.resolve("cut.mp3"), 0.5), "cut.mp3", 422, "analysis-truncated-media",
				"truncated");
		refused(TestMedia.truncated(wav, folder.resolve("cut.wav"), 0.5), "cut.wav", 422, "analysis-truncated-media",
				"WAV header announces");
		refused(TestMedia.truncated(m4a, folder.resolve("cut.m4a"), 0.6), "cut.m4a", 422, "analysis-unreadable-media",
				"moov atom not found");
		Path big = folder.resolve("big.wav");
		Files.write(big, new byte[4 * 1024 * 1024]);
		refused(big, "big.wav", 413, "upload-too-large", "FLO_UPLOAD_MAX_SIZE");
		MvcTestResult tooMany = upload(mp3, "good.mp3",
				java.util.stream.IntStream.range(0, 21).mapToObj((i) -> "skill " + i).toList(), null);
		assertThat(tooMany).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("at most 20 skills");
		MvcTestResult good = this.mvc.post()
			.uri("/api/analyses")
			.header("Authorization", AdminKey.HEADER)
			.multipart()
			.file(new MockMultipartFile("file", "x.mp3", "audio/mpeg", Files.readAllBytes(mp3)))
			.exchange();
		assertThat(good).hasStatus(202);
		assertThat(this.mvc.post()
			.uri("/api/analyses")
			.multipart()
			.file(new MockMultipartFile("file", "x.mp3", "audio/mpeg", Files.readAllBytes(mp3)))
			.exchange()).hasStatus(401);

		// A real WAV under a wrong name is taken for what it is.
		Path renamed = TestMedia.audioWithWrongExtension(wav, folder.resolve("recording.txt"));
		MvcTestResult accepted = upload(renamed, "recording.txt", List.of(), null);
		assertThat(accepted).hasStatus(202);
		assertThat(json(accepted).path("source").path("kind").asString()).isEqualTo("RECORDING");
		// Let both finish here, so that their requests do not reach the next test's
		// servers.
		awaitAnalysis(json(good).path("id").asString(), "COMPLETED");
		awaitAnalysis(json(accepted).path("id").asString(), "COMPLETED");
	}

	@Test
	void aTranscriptWithSpeakersIsAnalysedWithTalkRatio_localOpenAiWireFormatServer(@TempDir Path folder)
			throws Exception {
		Path txt = folder.resolve("interview.txt");
		Files.writeString(txt, labelledTranscript());
		MvcTestResult created = upload(txt, "interview.txt", List.of("Java"), "Backend Engineer");
		assertThat(created).hasStatus(202);
		JsonNode done = awaitAnalysis(json(created).path("id").asString(), "COMPLETED");
		assertThat(done.path("source").path("kind").asString()).isEqualTo("TRANSCRIPT");
		JsonNode metrics = done.path("report").path("communication");
		assertThat(metrics.path("talkRatio").path("value").asDouble()).isBetween(30.0, 90.0);
		assertThat(speech.requests()).isEmpty();
		assertThat(done.path("report").path("transcript").get(1).path("speaker").asString()).isEqualTo("candidate");

		// A PDF transcript (untimed paragraphs) works too; timing metrics are absent with
		// the reason.
		Path pdf = folder.resolve("interview.pdf");
		try (PDDocument document = new PDDocument()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.beginText();
				content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
				content.newLineAtOffset(50, 700);
				for (String sentence : SENTENCES) {
					content.showText(sentence);
					content.newLineAtOffset(0, -30);
				}
				content.endText();
			}
			document.save(pdf.toFile());
		}
		MvcTestResult fromPdf = upload(pdf, "interview.pdf", List.of("Java"), null);
		assertThat(fromPdf).hasStatus(202);
		JsonNode pdfDone = awaitAnalysis(json(fromPdf).path("id").asString(), "COMPLETED");
		assertThat(pdfDone.path("report").path("transcript").toString()).contains(SENTENCES.get(4));
		assertThat(pdfDone.path("report").path("communication").path("speakingRate").path("absentReason").asString())
			.isEqualTo("the transcript has no timestamps");
	}

	@Test
	void aJobRecordsOwnWeightsFormTheOverall_localOpenAiWireFormatServer(@TempDir Path folder) throws Exception {
		String recordId = Fixtures.jobRecord(this.jdbc, "Backend Engineer", "Java");
		assertThat(this.mvc.put()
			.uri("/api/records/" + recordId + "/scorecard-weights")
			.header("Authorization", AdminKey.HEADER)
			.contentType("application/json")
			.content("{\"skills\":0.2,\"questions\":0.7,\"communication\":0.1}")
			.exchange()).hasStatusOk();
		Path txt = Files.writeString(folder.resolve("t.txt"), labelledTranscript());

		JsonNode withRecord = awaitAnalysis(json(upload(txt, "t.txt", List.of(), null, recordId)).path("id").asString(),
				"COMPLETED");
		JsonNode withSettings = awaitAnalysis(json(upload(txt, "t.txt", List.of(), null)).path("id").asString(),
				"COMPLETED");

		// Skills 80, questions 70, communication 72 in both; only the weights differ.
		JsonNode own = withRecord.path("report").path("scorecard");
		assertThat(own.path("weightsFrom").asString()).isEqualTo("job record " + recordId);
		assertThat(own.path("components").findValues("weight").toString()).isEqualTo("[0.2, 0.7, 0.1]");
		assertThat(own.path("overall").asInt()).isEqualTo(72); // 16 + 49 + 7.2
		JsonNode settings = withSettings.path("report").path("scorecard");
		assertThat(settings.path("weightsFrom").asString()).isEqualTo("settings");
		assertThat(settings.path("components").findValues("weight").toString()).isEqualTo("[0.5, 0.3, 0.2]");
		assertThat(settings.path("overall").asInt()).isEqualTo(75); // 40 + 21 + 14.4
		assertThat(settings.path("status").asString()).isEqualTo("COMPLETE");

		// The list narrowed to the record's analyses (the console's filter).
		JsonNode ofRecord = json(get("/api/analyses?recordId=" + recordId));
		assertThat(ofRecord).hasSize(1);
		assertThat(ofRecord.get(0).path("id").asString()).isEqualTo(withRecord.path("id").asString());
		assertThat(json(get("/api/analyses?recordId=" + recordId + "&status=FAILED"))).isEmpty();
		assertThat(json(get("/api/analyses?recordId=" + recordId + "&status=completed"))).hasSize(1);
		assertThat(get("/api/analyses?status=DONE")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:analysis-invalid-input");
	}

	/** An interview in which the candidate says who they are and where they come from. */
	static final String BACKGROUND_INTERVIEW = """
			[00:00:00] Interviewer: Welcome, Priya Sharma. Tell me about yourself.
			[00:00:04] Candidate: I am Priya, I grew up in Mumbai, India, and my first language is Hindi. I studied at IIT Bombay.
			[00:00:15] Candidate: I built a payment service in Java with Spring Boot and PostgreSQL, and he said it was the best.
			[00:00:25] Interviewer: How did you run it?
			[00:00:28] Candidate: We deployed it on Kubernetes with three replicas and retried failed calls with backoff.
			""";

	@Test
	void theFairnessCheckReassessesTheTranscriptWithTheNameAndBackgroundSwapped_localOpenAiWireFormatServer(
			@TempDir Path folder) throws Exception {
		Path txt = Files.writeString(folder.resolve("t.txt"), BACKGROUND_INTERVIEW);
		String id = json(upload(txt, "t.txt", List.of("Java", "Kubernetes"), "Backend Engineer")).path("id").asString();
		JsonNode done = awaitAnalysis(id, "COMPLETED");
		// Not run yet: the report says so, and there is nothing to read.
		assertThat(done.path("report").path("fairness").path("status").asString()).isEqualTo("NOT_RUN");
		assertThat(get("/api/analyses/" + id + "/fairness-check")).hasStatus(404)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:fairness-check-not-found");
		// An uploaded transcript's consent is not ours to show.
		assertThat(done.path("report").path("consent").path("recorded").asBoolean()).isFalse();
		assertThat(done.path("report").path("consent").path("basis").asString())
			.startsWith("not recorded by us (uploaded)");
		int skillSteps = llm.skillPrompts.size();

		MvcTestResult started = fairnessCheck(id, "Priya Sharma");
		assertThat(started).hasStatus(202);
		assertThat(json(started).path("status").asString()).isEqualTo("QUEUED");
		assertThat(started.getResponse().getHeader("Location")).endsWith("/api/analyses/" + id + "/fairness-check");
		JsonNode check = awaitFairness(id, json(started).path("checkId").asString(), "COMPLETED");

		// The model was asked once more, on the swapped transcript, and never saw the
		// originals.
		assertThat(llm.skillPrompts).hasSize(skillSteps + 1);
		String asked = llm.skillPrompts.get(skillSteps);
		assertThat(asked)
			.contains("Welcome, Emily Walsh.", "I am Emily, I grew up in Toronto, Canada",
					"my first language is French", "I studied at University of Toronto", "she said it was the best",
					"Assess exactly these skills")
			.doesNotContain("Priya", "Sharma", "Mumbai", "India", "Hindi", "IIT Bombay", " he said");
		assertThat(llm.problems).isEmpty();
		// The same scores: every difference 0, within the tolerance.
		assertThat(check.path("verdict").asString()).isEqualTo("PASSED");
		assertThat(check.path("tolerance").asDouble()).isEqualTo(1.0);
		assertThat(check.path("listVersion").asString()).isEqualTo("1");
		JsonNode java = check.path("skills").get(0);
		assertThat(java.path("skill").asString()).isEqualTo("Java");
		assertThat(java.path("originalScore").asInt()).isEqualTo(80);
		assertThat(java.path("counterfactualScore").asInt()).isEqualTo(80);
		assertThat(java.path("difference").asInt()).isZero();
		assertThat(check.path("skills").get(1).path("difference").asInt()).isZero();
		assertThat(check.path("substitutions").toString()).contains(
				"{\"category\":\"name\",\"from\":\"priya\",\"to\":\"Emily\",\"count\":2}",
				"{\"category\":\"name\",\"from\":\"sharma\",\"to\":\"Walsh\",\"count\":1}",
				"{\"category\":\"city\",\"from\":\"mumbai\",\"to\":\"Toronto\",\"count\":1}",
				"{\"category\":\"pronoun\",\"from\":\"he\",\"to\":\"she\",\"count\":1}");

		// A model swayed by the name: the Java score drops 5 points with it.
		llm.scoreShifts.put("Emily", -5);
		String second = json(fairnessCheck(id, "Priya Sharma")).path("checkId").asString();
		JsonNode flagged = awaitFairness(id, second, "COMPLETED");
		assertThat(flagged.path("verdict").asString()).isEqualTo("FLAGGED");
		assertThat(flagged.path("skills").get(0).path("counterfactualScore").asInt()).isEqualTo(75);
		assertThat(flagged.path("skills").get(0).path("difference").asInt()).isEqualTo(-5);
		assertThat(flagged.path("skills").get(0).path("withinTolerance").asBoolean()).isFalse();
		assertThat(flagged.path("skills").get(1).path("withinTolerance").asBoolean()).isTrue();
		// The analysis's own report is untouched; it shows the latest check.
		JsonNode report = json(get("/api/analyses/" + id + "/report"));
		assertThat(report.path("skills").get(0).path("score").asInt()).isEqualTo(80);
		assertThat(report.path("fairness").path("checkId").asString()).isEqualTo(second);
		assertThat(report.path("fairness").path("verdict").asString()).isEqualTo("FLAGGED");
		String html = get("/api/analyses/" + id + "/report.html").getResponse().getContentAsString();
		assertThat(html).contains("id=\"fairness-verdict\">Flagged</span>")
			.contains("id=\"fairness-skill-1-difference\" class=\"alert-text\">-5</td>")
			.contains("name “priya” became “Emily” (2×)")
			.contains("Not recorded by us (uploaded)");
		try (PDDocument document = Loader
			.loadPDF(get("/api/analyses/" + id + "/report.pdf").getResponse().getContentAsByteArray())) {
			assertThat(new PDFTextStripper().getText(document)).contains("Fairness check", "Flagged", "-5",
					"Not recorded by us (uploaded)");
		}

		// Asked for under the admin key's name, as every admin request.
		assertThat(this.jdbc
			.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'POST' AND target = :target AND status = 202")
			.param("target", "/api/analyses/" + id + "/fairness-check")
			.query(Integer.class)
			.single()).isEqualTo(2);

		// Deleting the analysis deletes its checks.
		JsonNode removed = json(
				this.mvc.delete().uri("/api/analyses/" + id).header("Authorization", AdminKey.HEADER).exchange())
			.path("removed");
		assertThat(removed.path("rows").path("fairness checks").asInt()).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM fairness_checks WHERE analysis_id = :id")
			.param("id", id)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aFairnessCheckWhoseLlmCallsFailIsFailedWithTheReasonAndNoScores_localOpenAiWireFormatServer(
			@TempDir Path folder) throws Exception {
		// Not before the analysis is complete.
		String running = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO analyses (id, status, stage, percent, source_kind, skills, run, created_at, updated_at)
				VALUES (:id, 'PROCESSING', 'analysing', 50, 'TRANSCRIPT', '[]', 1, 0, 0)""")
			.param("id", running)
			.update();
		assertThat(post("/api/analyses/" + running + "/fairness-check")).hasStatus(409)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("urn:flo:problem:analysis-not-ready");
		assertThat(post("/api/analyses/" + UUID.randomUUID() + "/fairness-check")).hasStatus(404);
		this.jdbc.sql("DELETE FROM analyses WHERE id = :id").param("id", running).update();

		Path txt = Files.writeString(folder.resolve("t.txt"), BACKGROUND_INTERVIEW);
		String id = json(upload(txt, "t.txt", List.of("Java"), null)).path("id").asString();
		awaitAnalysis(id, "COMPLETED");
		// The provider fails every attempt (the job's two, one call each).
		llm.failures.put("skills", Reply.error(500, "The server had an error while processing your request"));
		String checkId = json(post("/api/analyses/" + id + "/fairness-check")).path("checkId").asString();
		JsonNode failed = awaitFairness(id, checkId, "FAILED");
		assertThat(failed.path("reason").asString()).contains("'skills'").contains("500");
		assertThat(failed.path("verdict").isNull()).isTrue();
		assertThat(failed.path("skills")).isEmpty();
		assertThat(llm.steps.stream().filter("skills"::equals).count()).isEqualTo(3); // the
																						// analysis's,
																						// then
																						// 2
		JsonNode report = json(get("/api/analyses/" + id + "/report"));
		assertThat(report.path("fairness").path("status").asString()).isEqualTo("FAILED");
		assertThat(get("/api/analyses/" + id + "/report.html").getResponse().getContentAsString())
			.contains("id=\"fairness-verdict\">Failed: ");

		// An answer that is not what the schema asks for fails it at once.
		llm.failures.put("skills", Reply.chat("{\"skills\":\"none\"}", 10, 10));
		String invalid = json(post("/api/analyses/" + id + "/fairness-check")).path("checkId").asString();
		assertThat(awaitFairness(id, invalid, "FAILED").path("reason").asString()).contains("'skills'");
	}

	private MvcTestResult fairnessCheck(String analysisId, String candidateName) {
		return this.mvc.post()
			.uri("/api/analyses/" + analysisId + "/fairness-check")
			.header("Authorization", AdminKey.HEADER)
			.contentType("application/json")
			.content("{\"candidateName\":\"" + candidateName + "\"}")
			.exchange();
	}

	private JsonNode awaitFairness(String analysisId, String checkId, String status) {
		return await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> json(get("/api/analyses/" + analysisId + "/fairness-check")), (c) -> {
				if (!c.path("checkId").asString().equals(checkId)) {
					return false;
				}
				String actual = c.path("status").asString();
				if (!actual.equals(status) && (actual.equals("COMPLETED") || actual.equals("FAILED"))) {
					throw new AssertionError("fairness check " + actual + " instead of " + status + ": " + c);
				}
				return actual.equals(status);
			});
	}

	/** The test sentences as an uploaded transcript with times and speakers. */
	private static String labelledTranscript() {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < SENTENCES.size(); i++) {
			long at = SPOKEN.utterances().get(i).startMs();
			text.append(String.format("[00:%02d:%02d] %s: %s%n", at / 60_000, (at / 1000) % 60,
					(SENTENCES.get(i).endsWith("?") || i == 0) ? "Interviewer" : "Candidate", SENTENCES.get(i)));
		}
		return text.toString();
	}

	@Test
	void aFailedStepFailsTheAnalysisWithItsReasonAndARerunRecovers_localOpenAiWireFormatServer(@TempDir Path folder)
			throws Exception {
		llm.failures.put("questions", Reply.error(400, "Invalid schema for response_format"));
		Path txt = Files.writeString(folder.resolve("t.txt"), SHORT_INTERVIEW);
		String id = json(upload(txt, "t.txt", List.of("Java"), null)).path("id").asString();
		JsonNode failed = awaitAnalysis(id, "FAILED");
		assertThat(failed.path("error").asString()).contains("'questions'")
			.contains("Invalid schema for response_format");
		assertThat(failed.path("report").isNull()).isTrue();
		assertThat(get("/api/analyses/" + id + "/report")).hasStatus(409)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("FAILED")
			.contains("Invalid schema");
		int stepsBefore = llm.steps.size();
		llm.failures.clear();
		assertThat(post("/api/analyses/" + id + "/rerun")).hasStatus(202);
		JsonNode done = awaitAnalysis(id, "COMPLETED", 2);
		assertThat(done.path("report").path("scorecard").path("overall").isNumber()).isTrue();
		assertThat(llm.steps.size() - stepsBefore).isEqualTo(6); // a new run asks every
																	// step again
	}

	@Test
	void aFailedCleaningStepLeavesTheReportWholeWithoutAReadingAid_localOpenAiWireFormatServer(@TempDir Path folder)
			throws Exception {
		llm.failures.put("clean", Reply.error(400, "The model refused the request"));
		Path txt = Files.writeString(folder.resolve("t.txt"), SHORT_INTERVIEW);

		JsonNode done = awaitAnalysis(json(upload(txt, "t.txt", List.of("Java"), null)).path("id").asString(),
				"COMPLETED");

		JsonNode readingAid = done.path("report").path("readingAid");
		assertThat(readingAid.path("status").asString()).isEqualTo("FAILED");
		assertThat(readingAid.path("reason").asString()).contains("'clean-0'")
			.contains("The model refused the request");
		assertThat(readingAid.path("lines")).isEmpty();
		assertThat(done.path("report").path("transcript").get(1).path("text").asString())
			.startsWith("I like the JVM and its tooling a lot");
		assertThat(done.path("report").path("scorecard").path("status").asString()).isEqualTo("COMPLETE");
	}

	@Test
	void aSpeechToTextErrorFailsTheAnalysisWithTheProvidersMessage_localSpeechWireFormatServer() throws Exception {
		speech.failNext(400, "Audio file is too short");
		Path flac = TestMedia.encode(SPOKEN.wav(), MEDIA.resolve("short-fail.flac"), TestMedia.Format.FLAC);
		String id = json(upload(flac, "x.flac", List.of(), null)).path("id").asString();
		JsonNode failed = awaitAnalysis(id, "FAILED");
		assertThat(failed.path("error").asString()).contains("groq speech-to-text")
			.contains("400")
			.contains("Audio file is too short");
		assertThat(failed.path("stage").asString()).isEqualTo("transcribing");
	}

	@Test
	void progressStreamsAsServerSentEvents_localSpeechAndOpenAiWireFormatServers(@TempDir Path folder)
			throws Exception {
		Path txt = Files.writeString(folder.resolve("t.txt"), SHORT_INTERVIEW);
		String id = json(upload(txt, "t.txt", List.of("Java"), null)).path("id").asString();
		MvcTestResult events = this.mvc.get()
			.uri("/api/analyses/" + id + "/events")
			.header("Authorization", AdminKey.HEADER)
			.exchange(Duration.ofSeconds(30));
		String body = events.getResponse().getContentAsString();
		assertThat(body).contains("event:progress").contains("event:completed").contains("\"status\":\"COMPLETED\"");
	}

	@Test
	void anEndedSessionIsAnalysedFromTheServerWrittenTranscript_localOpenAiWireFormatServer() throws Exception {
		String interviewId = Fixtures.interview(this.jdbc, Fixtures.jobRecord(this.jdbc, "Backend Engineer", "Java"),
				"Backend Engineer", "INTERMEDIATE", 30, false);
		String sessionId = Fixtures.session(this.jdbc, interviewId, "Alex", false, "LIVE");
		this.jdbc
			.sql("UPDATE interview_sessions SET consent_version = 'v3', consented_at = 1764331200000 WHERE id = :id")
			.param("id", sessionId)
			.update();
		long at = 0;
		int seq = 0;
		// The fourth row the database would not take while the interview ran: the
		// interviewer kept it in the session's folder.
		Path unwritten = home.resolve("interview_data").resolve(sessionId).resolve("transcript-unwritten.jsonl");
		Files.createDirectories(unwritten.getParent());
		for (int i = 0; i < 6; i++) {
			String speaker = (i % 2 == 0) ? "interviewer" : "candidate";
			if (i == 3) {
				Files.writeString(unwritten, JSON.writeValueAsString(java.util.Map.of("speaker", speaker, "text",
						SENTENCES.get(i), "startMs", at, "endMs", at + 3000)) + "\n");
			}
			else {
				this.jdbc
					.sql("""
							INSERT INTO transcript_entries (id, session_id, seq, speaker, text, start_ms, end_ms, created_at)
							VALUES (:id, :s, :seq, :speaker, :text, :start, :end, 0)""")
					.param("id", UUID.randomUUID().toString())
					.param("s", sessionId)
					.param("seq", ++seq)
					.param("speaker", speaker)
					.param("text", SENTENCES.get(i))
					.param("start", at)
					.param("end", at + 3000)
					.update();
			}
			at += 4000;
		}
		String finished = "{\"event\":\"room_finished\",\"id\":\"EV_9\",\"room\":{\"name\":\"interview-" + sessionId
				+ "\"}}";
		assertThat(webhook(finished)).hasStatus(204);
		assertThat(webhook(finished)).hasStatus(204); // a repeat makes no second analysis
		String id = this.jdbc.sql("SELECT id FROM analyses WHERE session_id = :s")
			.param("s", sessionId)
			.query(String.class)
			.single();
		JsonNode done = awaitAnalysis(id, "COMPLETED");
		assertThat(done.path("source").path("kind").asString()).isEqualTo("SESSION");
		// The analysis merged the kept row into the transcript, in its place, before
		// reading it.
		assertThat(this.jdbc.sql("SELECT text FROM transcript_entries WHERE session_id = :s ORDER BY seq")
			.param("s", sessionId)
			.query(String.class)
			.list()).containsExactlyElementsOf(SENTENCES.subList(0, 6));
		assertThat(unwritten).doesNotExist();
		assertThat(this.jdbc.sql("SELECT status FROM interview_sessions WHERE id = :id")
			.param("id", sessionId)
			.query(String.class)
			.single()).isEqualTo("ANALYSED");
		assertThat(done.path("skills").toString()).isEqualTo("[]");
		// A session's analysis, found from the session; the interview lists the session.
		JsonNode ofSession = json(get("/api/analyses?sessionId=" + sessionId));
		assertThat(ofSession).hasSize(1);
		assertThat(ofSession.get(0).path("id").asString()).isEqualTo(id);
		JsonNode sessions = json(get("/api/interviews/" + interviewId + "/sessions"));
		assertThat(sessions).hasSize(1);
		assertThat(sessions.get(0).path("id").asString()).isEqualTo(sessionId);
		assertThat(sessions.get(0).path("status").asString()).isEqualTo("ANALYSED");
		assertThat(done.path("report").path("communication").path("talkRatio").path("value").asDouble())
			.isEqualTo(50.0);
		assertThat(speech.requests()).isEmpty();
		// The candidate's consent, as the session stored it, in the report.
		JsonNode consent = done.path("report").path("consent");
		assertThat(consent.path("recorded").asBoolean()).isTrue();
		assertThat(consent.path("version").asString()).isEqualTo("v3");
		assertThat(consent.path("givenAt").asString()).isEqualTo("2025-11-28T12:00:00Z");
		assertThat(get("/api/analyses/" + id + "/report.html").getResponse().getContentAsString())
			.contains("<td id=\"consent\">Given 2025-11-28 12:00 UTC, consent text version v3: given by the candidate "
					+ "on the interview page before joining</td>");

		// Candidate feedback: hidden from the candidate unless enabled; an admin reads
		// it.
		assertThat(get("/api/sessions/" + sessionId + "/feedback")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.summary")
			.isEqualTo("You explained your projects clearly.");
		assertThat(this.mvc.get()
			.uri("/api/sessions/" + sessionId + "/feedback")
			.header("Authorization", "Bearer flo_session_x")
			.exchange()).hasStatus(401);

		// Comparison with a human evaluation.
		MvcTestResult compared = this.mvc.post()
			.uri("/api/analyses/compare")
			.header("Authorization", AdminKey.HEADER)
			.multipart()
			.param("analysisId", id)
			.param("evaluationText", "Strong Java, weak Kubernetes. Hire.")
			.exchange();
		assertThat(compared).hasStatusOk().bodyJson().extractingPath("$.comparison.alignment").isEqualTo("MEDIUM");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM analysis_comparisons WHERE analysis_id = :id")
			.param("id", id)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	/**
	 * A session from the voice interviewer, with its own record of what it asked: graded
	 * on that plan, each asked question against its ideal answer from its answer span;
	 * the question not reached is listed and never sent for grading; follow-ups, hints
	 * and the proctoring integrity score are in the JSON, the HTML and the PDF.
	 */
	@Test
	void aSessionIsGradedOnItsPlanWithProctoring_localOpenAiWireFormatServer() throws Exception {
		String sessionId = endedSession();
		String[][] lines = { { "interviewer", SENTENCES.get(0) }, { "candidate", SENTENCES.get(1) },
				{ "candidate", SENTENCES.get(2) }, { "interviewer", SENTENCES.get(3) },
				{ "candidate", SENTENCES.get(4) }, { "candidate", SENTENCES.get(5) } };
		for (int i = 0; i < lines.length; i++) {
			transcriptLine(sessionId, i, lines[i][0], lines[i][1]);
		}
		this.plans.write(sessionId,
				List.of(new SessionPlans.Planned("q-1", SENTENCES.get(0),
						"IDEAL-ONE: the system, its scale, their part", "Backend", "MEDIUM", "SKILL"),
						new SessionPlans.Planned("q-2", SENTENCES.get(3),
								"IDEAL-TWO: idempotency, retries with backoff", "Reliability", "HARD", "SKILL"),
						new SessionPlans.Planned(null, SENTENCES.get(6),
								"IDEAL-THREE: more tests against a real database", "Resume", "EASY", "RESUME")));
		this.plans.progress(sessionId, List.of(new SessionPlans.Progress(0, 0L, 0, 0, 4000L, 11_000L),
				new SessionPlans.Progress(1, 12_000L, 1, 1, 16_000L, 23_000L)));
		this.plans.finish(sessionId, "TIME_UP");
		for (String type : List.of("TAB_HIDDEN", "TAB_HIDDEN", "PASTE")) {
			this.jdbc.sql("""
					INSERT INTO proctoring_events (id, session_id, type, occurred_at, received_at)
					VALUES (:id, :s, :type, 0, 0)""")
				.param("id", UUID.randomUUID().toString())
				.param("s", sessionId)
				.param("type", type)
				.update();
		}
		assertThat(webhook(
				"{\"event\":\"room_finished\",\"id\":\"EV_P\",\"room\":{\"name\":\"interview-" + sessionId + "\"}}"))
			.hasStatus(204);
		String id = this.jdbc.sql("SELECT id FROM analyses WHERE session_id = :s")
			.param("s", sessionId)
			.query(String.class)
			.single();
		JsonNode report = awaitAnalysis(id, "COMPLETED").path("report");
		assertThat(llm.problems).isEmpty();

		// Graded on the plan, not on questions the model finds in the transcript.
		assertThat(llm.steps).contains("plan").doesNotContain("questions");
		String prompt = llm.prompts.get("plan");
		String planned = prompt.substring(prompt.indexOf("<untrusted-data name=\"planned_questions"),
				prompt.indexOf("<untrusted-data name=\"transcript"));
		assertThat(planned).contains("Q1 (").contains("Q2 (").doesNotContain("Q3 (");
		assertThat(planned).contains("IDEAL-ONE").contains("IDEAL-TWO").doesNotContain("IDEAL-THREE");
		assertThat(planned).contains(SENTENCES.get(1)).contains(SENTENCES.get(2)).contains(SENTENCES.get(4));
		assertThat(planned).doesNotContain(SENTENCES.get(6)).contains("1 follow-up and 1 hint given");

		JsonNode plan = report.path("plan");
		assertThat(plan.path("planned").asInt()).isEqualTo(3);
		assertThat(plan.path("asked").asInt()).isEqualTo(2);
		assertThat(plan.path("notReached").asInt()).isEqualTo(1);
		assertThat(plan.path("graded").asInt()).isEqualTo(2);
		assertThat(plan.path("endReason").asString()).isEqualTo("TIME_UP");
		JsonNode first = plan.path("questions").get(0);
		assertThat(first.path("status").asString()).isEqualTo("ASKED");
		assertThat(first.path("grade").asInt()).isEqualTo(7);
		assertThat(first.path("askedAtMs").asLong()).isZero();
		assertThat(first.path("answerLines").toString()).isEqualTo("[1,2]");
		assertThat(first.path("evidence").get(0).path("verified").asBoolean()).isTrue();
		JsonNode second = plan.path("questions").get(1);
		assertThat(second.path("grade").asInt()).isEqualTo(8);
		assertThat(second.path("askedAtMs").asLong()).isEqualTo(12_000);
		assertThat(second.path("followUps").asInt()).isEqualTo(1);
		assertThat(second.path("hints").asInt()).isEqualTo(1);
		assertThat(second.path("idealAnswer").asString()).startsWith("IDEAL-TWO");
		JsonNode third = plan.path("questions").get(2);
		assertThat(third.path("status").asString()).isEqualTo("NOT_REACHED");
		assertThat(third.path("grade").isNull()).isTrue();
		assertThat(third.path("absentReason").asString()).startsWith("not reached");
		// Only the asked questions count in the scorecard: 7 and 8, times ten.
		assertThat(report.path("questions")).hasSize(2);
		JsonNode questionsPart = report.path("scorecard").path("components").get(1);
		assertThat(questionsPart.path("name").asString()).isEqualTo("questions");
		assertThat(questionsPart.path("score").asInt()).isEqualTo(75);

		JsonNode proctoring = report.path("proctoring");
		assertThat(proctoring.path("score").asInt()).isEqualTo(89);
		assertThat(proctoring.path("events").asInt()).isEqualTo(3);
		assertThat(proctoring.path("breakdown").get(0).path("type").asString()).isEqualTo("TAB_HIDDEN");
		assertThat(proctoring.path("breakdown").get(0).path("count").asInt()).isEqualTo(2);
		assertThat(proctoring.path("breakdown").get(0).path("penalty").asInt()).isEqualTo(6);

		String html = get("/api/analyses/" + id + "/report.html").getResponse().getContentAsString();
		assertThat(html).contains("Graded on the plan")
			.contains("3 questions planned: 2 asked, 1 not reached; 2 graded")
			.contains("The interview ended: the interview&#39;s time was up.")
			.contains("id=\"plan-question-1-grade\">7/10")
			.contains("id=\"plan-question-2-help\">1 follow-up, 1 hint")
			.contains("id=\"plan-question-3-grade\">not reached")
			.contains("IDEAL-TWO")
			.contains("id=\"proctoring-score\">89/100")
			.contains("<tr id=\"proctoring-tab-hidden\"><td>Tab hidden</td><td>2</td>");
		try (PDDocument document = Loader
			.loadPDF(get("/api/analyses/" + id + "/report.pdf").getResponse().getContentAsByteArray())) {
			String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
			assertThat(text).contains("Graded on the plan")
				.contains("3 questions planned: 2 asked, 1 not reached; 2 graded")
				.contains("7/10")
				.contains("not reached")
				.contains("1 follow-up, 1 hint")
				.contains("Proctoring")
				.contains("89/100");
		}
	}

	/**
	 * A session whose candidate said too little: nothing is graded, and the plan still
	 * shows what was asked and what was not reached, beside the proctoring score.
	 */
	@Test
	void aSessionWithTooLittleSpeechKeepsItsPlanUngraded_localOpenAiWireFormatServer() throws Exception {
		String sessionId = endedSession();
		transcriptLine(sessionId, 0, "interviewer", SENTENCES.get(0));
		transcriptLine(sessionId, 1, "candidate", "Um, I am not sure.");
		this.plans.write(sessionId, List.of(
				new SessionPlans.Planned("q-1", SENTENCES.get(0), "IDEAL-ONE", "Backend", "MEDIUM", "SKILL"),
				new SessionPlans.Planned("q-2", SENTENCES.get(3), "IDEAL-TWO", "Reliability", "HARD", "SKILL")));
		this.plans.progress(sessionId, List.of(new SessionPlans.Progress(0, 0L, 0, 0, 4000L, 7000L)));
		this.plans.finish(sessionId, "CANDIDATE_SILENT");
		assertThat(webhook(
				"{\"event\":\"room_finished\",\"id\":\"EV_Q\",\"room\":{\"name\":\"interview-" + sessionId + "\"}}"))
			.hasStatus(204);
		String id = this.jdbc.sql("SELECT id FROM analyses WHERE session_id = :s")
			.param("s", sessionId)
			.query(String.class)
			.single();
		JsonNode report = awaitAnalysis(id, "COMPLETED").path("report");

		assertThat(llm.steps).isEmpty();
		assertThat(report.path("assessability").path("assessable").asBoolean()).isFalse();
		JsonNode plan = report.path("plan");
		assertThat(plan.path("asked").asInt()).isEqualTo(1);
		assertThat(plan.path("notReached").asInt()).isEqualTo(1);
		assertThat(plan.path("graded").asInt()).isZero();
		assertThat(plan.path("endReason").asString()).isEqualTo("CANDIDATE_SILENT");
		assertThat(plan.path("questions").get(0).path("absentReason").asString()).startsWith("not assessable: ");
		assertThat(plan.path("questions").get(1).path("status").asString()).isEqualTo("NOT_REACHED");
		assertThat(report.path("proctoring").path("score").asInt()).isEqualTo(100);
		assertThat(report.path("proctoring").path("events").asInt()).isZero();
		assertThat(get("/api/analyses/" + id + "/report.html").getResponse().getContentAsString())
			.contains("id=\"plan-question-2-grade\">not reached")
			.contains("id=\"plan-question-1-grade\">not graded: not assessable: ")
			.contains("id=\"proctoring-score\">100/100");
	}

	private void transcriptLine(String sessionId, int i, String speaker, String text) {
		this.jdbc.sql("""
				INSERT INTO transcript_entries (id, session_id, seq, speaker, text, start_ms, end_ms, created_at)
				VALUES (:id, :s, :seq, :speaker, :text, :start, :end, 0)""")
			.param("id", UUID.randomUUID().toString())
			.param("s", sessionId)
			.param("seq", i + 1)
			.param("speaker", speaker)
			.param("text", text)
			.param("start", i * 4000L)
			.param("end", i * 4000L + 3000)
			.update();
	}

	/** A LIVE session of a new interview, for a webhook to end. */
	private String endedSession() {
		String interviewId = Fixtures.interview(this.jdbc, Fixtures.jobRecord(this.jdbc, "Backend Engineer", "Java"),
				"Backend Engineer", "INTERMEDIATE", 30, false);
		return Fixtures.session(this.jdbc, interviewId, "Alex", false, "LIVE");
	}

	@Test
	void aReportLinkWorksWithoutAKeyUntilItExpires(@TempDir Path folder) throws Exception {
		Path txt = Files.writeString(folder.resolve("t.txt"), SHORT_INTERVIEW);
		String id = json(upload(txt, "t.txt", List.of("Java"), null)).path("id").asString();
		awaitAnalysis(id, "COMPLETED");
		JsonNode link = json(post("/api/analyses/" + id + "/report-links"));
		String path = java.net.URI.create(link.path("html").asString()).getPath();
		assertThat(this.mvc.get().uri(path).exchange()).hasStatusOk().bodyText().contains("I like the JVM");
		assertThat(this.mvc.get().uri(path + "/pdf").exchange()).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/reports/" + "x".repeat(32)).exchange()).hasStatus(404);
		this.jdbc.sql("UPDATE report_links SET expires_at = 0").update();
		assertThat(this.mvc.get().uri(path).exchange()).hasStatus(404);
	}

	private static Path temporaryFolder(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private void refused(Path file, String name, int status, String type, String detail) throws Exception {
		long before = countUploads();
		MvcTestResult result = upload(file, name, List.of(), null);
		assertThat(result).hasStatus(status);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("urn:flo:problem:" + type);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detail);
		assertThat(countUploads()).as("uploads left behind").isEqualTo(before);
	}

	private long countUploads() throws Exception {
		try (var files = Files.list(home.resolve("uploads"))) {
			long folders = files.filter((p) -> !p.getFileName().toString().startsWith(".")).count();
			try (var incoming = Files.list(home.resolve("uploads").resolve(".incoming"))) {
				return folders + incoming.count();
			}
		}
	}

	private MvcTestResult upload(Path file, String name, List<String> skills, String jobRole) throws Exception {
		return upload(file, name, skills, jobRole, null);
	}

	private MvcTestResult upload(Path file, String name, List<String> skills, String jobRole, String recordId)
			throws Exception {
		var request = this.mvc.post()
			.uri("/api/analyses")
			.header("Authorization", AdminKey.HEADER)
			.multipart()
			.file(new MockMultipartFile("file", name, "application/octet-stream", Files.readAllBytes(file)));
		for (String skill : skills) {
			request = request.param("skills", skill);
		}
		if (jobRole != null) {
			request = request.param("jobRole", jobRole);
		}
		if (recordId != null) {
			request = request.param("recordId", recordId);
		}
		return request.exchange();
	}

	private JsonNode awaitAnalysis(String id, String status) {
		return awaitAnalysis(id, status, 1);
	}

	private JsonNode awaitAnalysis(String id, String status, int run) {
		return await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> json(get("/api/analyses/" + id)), (a) -> {
				if (a.path("run").asInt() == run && a.path("status").asString().equals(status)) {
					return true;
				}
				String actual = a.path("status").asString();
				if (a.path("run").asInt() == run && (actual.equals("FAILED") || actual.equals("COMPLETED"))) {
					throw new AssertionError("analysis " + actual + " instead of " + status + ": " + a.path("error"));
				}
				return false;
			});
	}

	private MvcTestResult webhook(String body) throws Exception {
		AccessToken token = new AccessToken(LiveKitTestServer.KEY, LiveKitTestServer.SECRET);
		token.setSha256(Base64.getEncoder()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8))));
		return this.mvc.post()
			.uri("/api/livekit/webhook")
			.contentType("application/webhook+json")
			.header("Authorization", token.toJwt())
			.content(body)
			.exchange();
	}

	private MvcTestResult get(String uri) {
		return this.mvc.get().uri(uri).header("Authorization", AdminKey.HEADER).exchange();
	}

	private MvcTestResult post(String uri) {
		return this.mvc.post().uri(uri).header("Authorization", AdminKey.HEADER).exchange();
	}

	private static JsonNode json(MvcTestResult result) {
		try {
			return JSON.readTree(result.getResponse().getContentAsString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
