package ai.flo.interviewer.hiring;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface QuestionVersionRepository extends JpaRepository<QuestionVersion, String> {

	List<QuestionVersion> findByQuestionIdOrderByVersion(String questionId);

}
