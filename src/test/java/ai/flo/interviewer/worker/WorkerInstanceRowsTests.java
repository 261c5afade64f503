package ai.flo.interviewer.worker;

import java.time.Instant;

import ai.flo.interviewer.shared.DatabaseUrl;
import ai.flo.interviewer.shared.MigratedDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WorkerInstanceRepository}'s SQL against the migrated schema, on SQLite and
 * PostgreSQL: every column is written and read back as it was, on insert and on update.
 */
class WorkerInstanceRowsTests {

	static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_123L);

	@ParameterizedTest
	@EnumSource(DatabaseUrl.Kind.class)
	void everyColumnIsWrittenAndReadBack(DatabaseUrl.Kind kind) {
		try (MigratedDatabase database = MigratedDatabase.create(kind)) {
			WorkerInstanceRepository workers = new WorkerInstanceRepository(database.jdbc());
			WorkerInstance worker = workers.save(new WorkerInstance("host-a:42", "host-a", 42, "1.2.3", T0));
			assertThat(workers.findById(worker.id()).orElseThrow().columns()).isEqualTo(worker.columns());
			assertThat(worker.columns().keySet())
				.containsExactlyInAnyOrderElementsOf(database.columns("worker_instances"));
			worker.stopped(T0.plusSeconds(5));
			workers.save(worker);
			assertThat(workers.findById(worker.id()).orElseThrow().columns()).isEqualTo(worker.columns());
			assertThat(workers.findById(worker.id()).orElseThrow().state()).isEqualTo("STOPPED");

			workers.save(new WorkerInstance("host-a:43", "host-a", 43, "1.2.3", T0.plusSeconds(9)));
			workers.save(new WorkerInstance("host-b:44", "host-b", 44, "1.2.3", T0.plusSeconds(10)));
			assertThat(workers.findByHostOrderByLastSeenDesc("host-a")).extracting(WorkerInstance::id)
				.containsExactly("host-a:43", "host-a:42");
			assertThat(workers.findById("nobody")).isEmpty();
		}
	}

}
