package ai.flo.interviewer.hiring;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface QuestionRepository extends JpaRepository<Question, String> {

	List<Question> findBySkillIdInOrderByPosition(Collection<String> skillIds);

	@Modifying
	@Query("delete from Question q where q.skillId = :skillId")
	void deleteBySkillId(String skillId);

}
