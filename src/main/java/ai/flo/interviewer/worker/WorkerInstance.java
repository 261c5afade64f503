package ai.flo.interviewer.worker;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One worker process as the database knows it: who, since when, last seen when. */
@Entity
@Table(name = "worker_instances")
class WorkerInstance {

	@Id
	@Column(length = 200)
	private String id;

	@Column(nullable = false, length = 200)
	private String host;

	@Column(nullable = false)
	private long pid;

	@Column(nullable = false, length = 50)
	private String version;

	@Column(name = "started_at", nullable = false)
	private long startedAt;

	@Column(name = "last_seen", nullable = false)
	private long lastSeen;

	@Column(nullable = false, length = 16)
	private String state;

	protected WorkerInstance() {
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
