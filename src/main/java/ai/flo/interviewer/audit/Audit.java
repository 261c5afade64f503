package ai.flo.interviewer.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes and reads the audit log. Other modules record what they do on their own (a
 * retention sweep, an erasure) with {@link #record}; admin requests are recorded by
 * {@link AuditFilter}.
 */
@Component
public class Audit {

	private static final Logger log = LoggerFactory.getLogger(Audit.class);

	/** The actor of what the service does by itself. */
	public static final String SYSTEM = "system";

	private final JdbcClient jdbc;

	private final Clock clock;

	Audit(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** One entry. */
	public record Entry(String id, Instant at, String actor, String keyHint, String action, String target,
			Integer status, String client, String detail) {
	}

	/**
	 * Records what the service did by itself (actor {@link #SYSTEM}) or on someone's
	 * behalf.
	 * @param action what was done, e.g. {@code RETENTION} or {@code ERASE}
	 * @param target what it was done to, e.g. {@code session 3f1c...}
	 */
	public void record(String actor, String action, String target, String detail) {
		insert(actor, null, action, target, null, null, detail);
	}

	void insert(String actor, String keyHint, String action, String target, Integer status, String client,
			String detail) {
		try {
			this.jdbc.sql("""
					INSERT INTO audit_log (id, at, actor, key_hint, action, target, status, client, detail)
					VALUES (:id, :at, :actor, :hint, :action, :target, :status, :client, :detail)""")
				.param("id", UUID.randomUUID().toString())
				.param("at", this.clock.millis())
				.param("actor", cut(actor, 80))
				.param("hint", cut(keyHint, 16))
				.param("action", cut(action, 10))
				.param("target", cut(target, 500))
				.param("status", status)
				.param("client", cut(client, 64))
				.param("detail", cut(detail, 4000))
				.update();
		}
		catch (RuntimeException ex) {
			// The action itself happened: say loudly that its record is missing.
			log.error("Audit log: could not record {} {} by {}: {}", action, target, actor, ex.toString());
		}
	}

	/** Filters for reading the log; null means any. */
	record Query(String actor, String action, String target, Instant from, Instant to, int limit, int offset) {
	}

	List<Entry> find(Query query) {
		StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1 = 1");
		if (query.actor() != null) {
			sql.append(" AND actor = :actor");
		}
		if (query.action() != null) {
			sql.append(" AND action = :action");
		}
		if (query.target() != null) {
			sql.append(" AND target LIKE :target");
		}
		if (query.from() != null) {
			sql.append(" AND at >= :from");
		}
		if (query.to() != null) {
			sql.append(" AND at < :to");
		}
		sql.append(" ORDER BY at DESC, id LIMIT :limit OFFSET :offset");
		JdbcClient.StatementSpec spec = this.jdbc.sql(sql.toString())
			.param("limit", query.limit())
			.param("offset", query.offset());
		if (query.actor() != null) {
			spec = spec.param("actor", query.actor());
		}
		if (query.action() != null) {
			spec = spec.param("action", query.action());
		}
		if (query.target() != null) {
			spec = spec.param("target", "%" + query.target().replace("%", "").replace("_", "") + "%");
		}
		if (query.from() != null) {
			spec = spec.param("from", query.from().toEpochMilli());
		}
		if (query.to() != null) {
			spec = spec.param("to", query.to().toEpochMilli());
		}
		return spec.query((rs, row) -> {
			int status = rs.getInt("status");
			Integer statusOrNull = rs.wasNull() ? null : status;
			return new Entry(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor"),
					rs.getString("key_hint"), rs.getString("action"), rs.getString("target"), statusOrNull,
					rs.getString("client"), rs.getString("detail"));
		}).list();
	}

	/** Removes entries older than {@code before} (the log's own retention); how many. */
	public int removeBefore(Instant before) {
		return this.jdbc.sql("DELETE FROM audit_log WHERE at < :before")
			.param("before", before.toEpochMilli())
			.update();
	}

	private static String cut(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}
