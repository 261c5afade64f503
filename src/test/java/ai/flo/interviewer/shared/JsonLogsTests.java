package ai.flo.interviewer.shared;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code FLO_LOG_FORMAT=json}: every line one JSON object (Elastic Common Schema) with
 * the ids of the logging context as fields, as long as the work runs, and secrets masked
 * as in text lines. Logback configured by hand, as logback-spring.xml does, with the
 * settings of application.yml.
 */
class JsonLogsTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void jsonLinesCarryTheIdsOfTheWorkTheyConcern() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Logger log = logger("json", out);

		try (LogContext ids = LogContext.withIdsOf("{\"analysisId\":\"an-1\",\"run\":2}", "job.id", "job-7", "job.type",
				"analysis.assess")) {
			log.info("Assessing with key sk-abcdefghijklmnopqrstuvwxyz");
			Runnable elsewhere = LogContext.carried(() -> log.warn("From a thread the job started"));
			Thread thread = new Thread(elsewhere);
			thread.start();
			join(thread);
		}
		try (LogContext ids = LogContext.withIdsOf("{\"sessionId\":\"se-3\"}", "agent.job.id", "AJ_1")) {
			log.info("Interviewing");
		}
		log.info("Nothing in particular");

		List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
		assertThat(lines).hasSize(4);
		JsonNode assessing = lines.get(0);
		assertThat(assessing.path("message").asString()).isEqualTo("Assessing with key sk-****");
		assertThat(assessing.path("log").path("level").asString()).isEqualTo("INFO");
		assertThat(assessing.path("job").path("id").asString()).isEqualTo("job-7");
		assertThat(assessing.path("job").path("type").asString()).isEqualTo("analysis.assess");
		assertThat(assessing.path("analysis").path("id").asString()).isEqualTo("an-1");
		assertThat(lines.get(1).path("job").path("id").asString()).isEqualTo("job-7");
		assertThat(lines.get(1).path("analysis").path("id").asString()).isEqualTo("an-1");
		assertThat(lines.get(2).path("session").path("id").asString()).isEqualTo("se-3");
		assertThat(lines.get(2).path("agent").path("job").path("id").asString()).isEqualTo("AJ_1");
		assertThat(lines.get(2).has("job")).isFalse();
		assertThat(lines.get(3).has("job")).isFalse();
		assertThat(lines.get(3).has("session")).isFalse();
		assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
	}

	@Test
	void linesWithArraysAndExceptionsAreWrittenToo() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Logger log = logger("json", out);
		// A marker is written as an array of tags: its elements have no name.
		log.info(MarkerFactory.getMarker("FLYWAY"), "With a marker");
		log.warn("Failed", new IllegalStateException("key sk-abcdefghijklmnopqrstuvwxyz refused"));

		List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(JSON::readTree).toList();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0).path("message").asString()).isEqualTo("With a marker");
		assertThat(lines.get(0).path("tags").toString()).contains("FLYWAY");
		assertThat(lines.get(1).toString()).contains("IllegalStateException")
			.contains("sk-****")
			.doesNotContain("abcdefghijklmnopqrstuvwxyz");
	}

	@Test
	void textLinesStayTheDefault() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Logger log = logger("text", out);
		log.info("Plain with key sk-abcdefghijklmnopqrstuvwxyz");
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("INFO Plain with key sk-****\n");
	}

	@Test
	void formatsAreNamed() {
		assertThat(LogEncoder.structured("text")).isNull();
		assertThat(LogEncoder.structured("JSON")).isEqualTo("ecs");
		assertThat(LogEncoder.structured("logstash")).isEqualTo("logstash");
		assertThatIllegalArgumentException().isThrownBy(() -> LogEncoder.structured("yaml"))
			.withMessageContaining("FLO_LOG_FORMAT");
	}

	private static Logger logger(String format, ByteArrayOutputStream out) {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(MDC.getMDCAdapter());
		context.putObject(Environment.class.getName(), new MockEnvironment()
			.withProperty("logging.structured.json.customizer", MaskedJsonLogs.class.getName()));
		context.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY,
				new java.util.HashMap<>(java.util.Map.of("msg", MaskedMessageConverter.class.getName())));
		LogEncoder encoder = new LogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.setPattern("%level %msg%n");
		encoder.start();
		OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
		appender.setContext(context);
		appender.setEncoder(encoder);
		appender.setOutputStream(out);
		appender.start();
		Logger logger = context.getLogger("test");
		logger.addAppender(appender);
		return logger;
	}

	private static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
