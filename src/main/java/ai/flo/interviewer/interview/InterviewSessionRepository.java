package ai.flo.interviewer.interview;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface InterviewSessionRepository extends JpaRepository<InterviewSession, String> {

	List<InterviewSession> findByInterviewIdOrderByCreatedAtDesc(String interviewId, Limit limit);

}
