package ai.flo.interviewer.hiring;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What other modules may know of job records. */
@Component
public class JobRecords {

	private final JobRecordRepository records;

	JobRecords(JobRecordRepository records) {
		this.records = records;
	}

	/** A record's identity and title. */
	public record RecordInfo(String id, String title) {
	}

	@Transactional(readOnly = true)
	public Optional<RecordInfo> find(String id) {
		return this.records.findById(id).map((r) -> new RecordInfo(r.id(), r.title()));
	}

}
