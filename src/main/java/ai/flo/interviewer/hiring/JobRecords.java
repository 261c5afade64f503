package ai.flo.interviewer.hiring;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What other modules may know of job records. */
@Component
public class JobRecords {

	private final JobRecordRepository records;

	private final SkillRepository skills;

	JobRecords(JobRecordRepository records, SkillRepository skills) {
		this.records = records;
		this.skills = skills;
	}

	/** The names of a record's skills, in their order. */
	@Transactional(readOnly = true)
	public java.util.List<String> skillNames(String recordId) {
		return this.skills.findByRecordIdOrderByPosition(recordId).stream().map((skill) -> skill.data().name()).toList();
	}

	/** A record's identity and title. */
	public record RecordInfo(String id, String title) {
	}

	@Transactional(readOnly = true)
	public Optional<RecordInfo> find(String id) {
		return this.records.findById(id).map((r) -> new RecordInfo(r.id(), r.title()));
	}

}
