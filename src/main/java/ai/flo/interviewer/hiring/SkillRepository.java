package ai.flo.interviewer.hiring;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface SkillRepository extends JpaRepository<Skill, String> {

	List<Skill> findByRecordIdOrderByPosition(String recordId);

}
