package ai.flo.interviewer.interview;

import org.springframework.data.jpa.repository.JpaRepository;

interface InterviewSessionRepository extends JpaRepository<InterviewSession, String> {

}
