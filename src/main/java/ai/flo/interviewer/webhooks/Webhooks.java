package ai.flo.interviewer.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.analysis.AnalysisFinished;
import ai.flo.interviewer.hiring.RecordReady;
import ai.flo.interviewer.interview.SessionEnded;
import ai.flo.interviewer.interview.SessionStarted;
import ai.flo.interviewer.jobs.JobQueue;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns what happens into events for the hiring system: {@code session.started},
 * {@code session.ended}, {@code analysis.completed}, {@code analysis.failed},
 * {@code record.ready}. Each event is stored with its exact payload and a delivery job is
 * queued in the same transaction as the change it reports (where there is one), so an
 * event is sent if and only if it happened.
 */
@Component
class Webhooks {

	static final String DELIVER = "webhooks.deliver";

	private final WebhookProperties properties;

	private final JdbcClient jdbc;

	private final JobQueue jobs;

	private final JsonMapper json;

	private final Clock clock;

	Webhooks(WebhookProperties properties, JdbcClient jdbc, JobQueue jobs, JsonMapper json, Clock clock) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.json = json;
		this.clock = clock;
	}

	@EventListener
	void sessionStarted(SessionStarted event) {
		if (!event.practice()) {
			send("session.started", Map.of("sessionId", event.sessionId(), "interviewId", event.interviewId()));
		}
	}

	@EventListener
	void sessionEnded(SessionEnded event) {
		if (!event.practice()) {
			send("session.ended", Map.of("sessionId", event.sessionId(), "interviewId", event.interviewId()));
		}
	}

	@EventListener
	void analysisFinished(AnalysisFinished event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("analysisId", event.analysisId());
		data.put("sessionId", event.sessionId());
		data.put("recordId", event.recordId());
		data.put("run", event.run());
		if (event.completed()) {
			data.put("overall", event.overall());
		}
		else {
			data.put("error", event.error());
		}
		send(event.completed() ? "analysis.completed" : "analysis.failed", data);
	}

	@EventListener
	void recordReady(RecordReady event) {
		send("record.ready", Map.of("recordId", event.recordId(), "title", event.title(), "skills", event.skills()));
	}

	/** A delivery as the API shows it. */
	record Delivery(String id, String type, String url, String status, int attempts, Integer lastStatus,
			String lastError, Instant createdAt, Instant updatedAt, Instant deliveredAt, String payload) {
	}

	private void send(String type, Map<String, Object> data) {
		if (!this.properties.enabled()) {
			return;
		}
		String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("type", type);
		envelope.put("timestamp", this.clock.instant().toString());
		envelope.put("data", data);
		long now = this.clock.millis();
		this.jdbc.sql("""
				INSERT INTO webhook_deliveries (id, event_type, payload, url, status, attempts, created_at, updated_at)
				VALUES (:id, :type, :payload, :url, 'PENDING', 0, :now, :now)""")
			.param("id", id)
			.param("type", type)
			.param("payload", this.json.writeValueAsString(envelope))
			.param("url", this.properties.url().toString())
			.param("now", now)
			.update();
		this.jobs.enqueue(DELIVER, "{\"deliveryId\":\"" + id + "\"}", this.properties.maxAttempts(),
				java.time.Duration.ZERO);
	}

	Optional<Delivery> find(String id) {
		return this.jdbc.sql("SELECT * FROM webhook_deliveries WHERE id = :id")
			.param("id", id)
			.query(this::delivery)
			.optional();
	}

	List<Delivery> list(String status, String type, int limit) {
		StringBuilder sql = new StringBuilder("SELECT * FROM webhook_deliveries WHERE 1 = 1");
		if (status != null) {
			sql.append(" AND status = :status");
		}
		if (type != null) {
			sql.append(" AND event_type = :type");
		}
		sql.append(" ORDER BY created_at DESC, id LIMIT :limit");
		JdbcClient.StatementSpec spec = this.jdbc.sql(sql.toString()).param("limit", limit);
		if (status != null) {
			spec = spec.param("status", status);
		}
		if (type != null) {
			spec = spec.param("type", type);
		}
		return spec.query(this::delivery).list();
	}

	/** One attempt's outcome. */
	void attempted(String id, Integer status, String error, boolean delivered) {
		long now = this.clock.millis();
		this.jdbc
			.sql("""
					UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = :status, last_error = :error,
					  status = :state, updated_at = :now, delivered_at = CASE WHEN :delivered = 1 THEN :now ELSE delivered_at END
					WHERE id = :id""")
			.param("id", id)
			.param("status", status)
			.param("error", (error != null && error.length() > 2000) ? error.substring(0, 2000) : error)
			.param("state", delivered ? "DELIVERED" : "PENDING")
			.param("delivered", delivered ? 1 : 0)
			.param("now", now)
			.update();
	}

	/** The delivery's job gave up: FAILED, with the last answer kept. */
	void failed(String id) {
		this.jdbc.sql(
				"UPDATE webhook_deliveries SET status = 'FAILED', updated_at = :now WHERE id = :id AND status <> 'DELIVERED'")
			.param("id", id)
			.param("now", this.clock.millis())
			.update();
	}

	/**
	 * Sends a delivery again (after it FAILED or to replay it): a new job, the same
	 * message.
	 */
	boolean redeliver(String id) {
		int updated = this.jdbc
			.sql("UPDATE webhook_deliveries SET status = 'PENDING', updated_at = :now WHERE id = :id")
			.param("id", id)
			.param("now", this.clock.millis())
			.update();
		if (updated == 1) {
			this.jobs.enqueue(DELIVER, "{\"deliveryId\":\"" + id + "\"}", this.properties.maxAttempts(),
					java.time.Duration.ZERO);
		}
		return updated == 1;
	}

	private Delivery delivery(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		int status = rs.getInt("last_status");
		Integer lastStatus = rs.wasNull() ? null : status;
		long delivered = rs.getLong("delivered_at");
		Instant deliveredAt = rs.wasNull() ? null : Instant.ofEpochMilli(delivered);
		return new Delivery(rs.getString("id"), rs.getString("event_type"), rs.getString("url"), rs.getString("status"),
				rs.getInt("attempts"), lastStatus, rs.getString("last_error"),
				Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
				deliveredAt, rs.getString("payload"));
	}

}
