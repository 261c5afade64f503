package ai.flo.interviewer.worker;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of {@code worker_instances}. */
@Repository
class WorkerInstanceRepository {

	private final JdbcClient jdbc;

	WorkerInstanceRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<WorkerInstance> findById(String id) {
		return this.jdbc.sql("SELECT * FROM worker_instances WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> WorkerInstance.read(rs))
			.optional();
	}

	List<WorkerInstance> findByHostOrderByLastSeenDesc(String host) {
		return this.jdbc.sql("SELECT * FROM worker_instances WHERE host = :host ORDER BY last_seen DESC, id")
			.param("host", host)
			.query((rs, row) -> WorkerInstance.read(rs))
			.list();
	}

	/** Inserts the instance, or updates every column of it when it exists. */
	WorkerInstance save(WorkerInstance instance) {
		this.jdbc.sql("""
				INSERT INTO worker_instances (id, host, pid, version, started_at, last_seen, state)
				VALUES (:id, :host, :pid, :version, :started_at, :last_seen, :state)
				ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, version = excluded.version,
				  started_at = excluded.started_at, last_seen = excluded.last_seen, state = excluded.state""")
			.params(instance.columns())
			.update();
		return instance;
	}

}
