package ai.flo.interviewer.worker;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One worker process as the database knows it: who, since when, last seen when. */
class WorkerInstance {

	private String id;

	private String host;

	private long pid;

	private String version;

	private long startedAt;

	private long lastSeen;

	private String state;

	private WorkerInstance() {
	}

	/** The row its repository read. */
	static WorkerInstance read(ResultSet rs) throws SQLException {
		WorkerInstance row = new WorkerInstance();
		row.id = rs.getString("id");
		row.host = rs.getString("host");
		row.pid = rs.getLong("pid");
		row.version = rs.getString("version");
		row.startedAt = rs.getLong("started_at");
		row.lastSeen = rs.getLong("last_seen");
		row.state = rs.getString("state");
		return row;
	}

	/** Its columns by name, for its repository's insert and update. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", this.id);
		columns.put("host", this.host);
		columns.put("pid", this.pid);
		columns.put("version", this.version);
		columns.put("started_at", this.startedAt);
		columns.put("last_seen", this.lastSeen);
		columns.put("state", this.state);
		return columns;
	}

	WorkerInstance(String id, String host, long pid, String version, Instant now) {
		this.id = id;
		this.host = host;
		this.pid = pid;
		this.version = version;
		this.startedAt = now.toEpochMilli();
		this.lastSeen = now.toEpochMilli();
		this.state = "RUNNING";
	}

	void seen(Instant now) {
		this.lastSeen = now.toEpochMilli();
		this.state = "RUNNING";
	}

	void stopped(Instant now) {
		this.lastSeen = now.toEpochMilli();
		this.state = "STOPPED";
	}

	boolean aliveAt(Instant now, java.time.Duration staleAfter) {
		return "RUNNING".equals(this.state) && now.toEpochMilli() - this.lastSeen <= staleAfter.toMillis();
	}

	String id() {
		return this.id;
	}

	String host() {
		return this.host;
	}

	long pid() {
		return this.pid;
	}

	String state() {
		return this.state;
	}

	Instant startedAt() {
		return Instant.ofEpochMilli(this.startedAt);
	}

	Instant lastSeen() {
		return Instant.ofEpochMilli(this.lastSeen);
	}

}
