package ai.flo.interviewer.hiring;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface RecordFeedbackRepository extends JpaRepository<RecordFeedback, String> {

	List<RecordFeedback> findByRecordIdOrderByCreatedAt(String recordId);

}
