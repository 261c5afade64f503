package ai.flo.interviewer.worker;

import java.util.List;
import java.util.Optional;

import ai.flo.interviewer.shared.Rows;

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
		Rows.upsert(this.jdbc, "worker_instances", instance.columns());
		return instance;
	}

}
