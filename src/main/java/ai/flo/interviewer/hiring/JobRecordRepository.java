package ai.flo.interviewer.hiring;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface JobRecordRepository extends JpaRepository<JobRecord, String> {

	List<JobRecord> findAllByOrderByCreatedAtDesc(Limit limit);

}
