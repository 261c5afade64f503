package ai.flo.interviewer.interview;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

interface InterviewRepository extends JpaRepository<Interview, String> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	Optional<Interview> findByCodeDigest(String codeDigest);

	boolean existsByCodeDigest(String codeDigest);

	List<Interview> findByRecordIdOrderByCreatedAtDesc(String recordId);

	List<Interview> findAllByOrderByCreatedAtDesc(Limit limit);

}
