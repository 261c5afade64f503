package ai.flo.interviewer.hiring;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What other modules may know of job records. */
@Component
public class JobRecords {

	private final JobRecordRepository records;

	private final SkillRepository skills;

	private final QuestionRepository questions;

	JobRecords(JobRecordRepository records, SkillRepository skills, QuestionRepository questions) {
		this.records = records;
		this.skills = skills;
		this.questions = questions;
	}

	/**
	 * A skill with its requirement, priority and planned questions, for the interviewer's
	 * plan.
	 */
	public record PlannedSkill(String name, String level, boolean mandatory, int priority, int position,
			int numQuestions, List<PlannedQuestion> questions) {
	}

	/** A question of a skill, in its order ({@code id}: the question's). */
	public record PlannedQuestion(String id, String question, String idealAnswer, String difficulty, boolean coding) {
	}

	/** The record's skills with their current questions, in the record's order. */
	@Transactional(readOnly = true)
	public List<PlannedSkill> plannedSkills(String recordId) {
		return this.skills.findByRecordIdOrderByPosition(recordId).stream().map((skill) -> {
			SkillData data = skill.data();
			List<PlannedQuestion> questions = this.questions.findBySkillIdInOrderByPosition(List.of(skill.id()))
				.stream()
				.map((question) -> {
					QuestionData q = question.data();
					return new PlannedQuestion(question.id(), q.question(), q.idealAnswer(), q.difficulty().name(),
							q.coding());
				})
				.toList();
			return new PlannedSkill(data.name(), data.level().name(), data.requirement() == Enums.Requirement.MANDATORY,
					data.priority(), skill.position(), data.numQuestions(), questions);
		}).toList();
	}

	/** The names of a record's skills, in their order. */
	@Transactional(readOnly = true)
	public List<String> skillNames(String recordId) {
		return this.skills.findByRecordIdOrderByPosition(recordId)
			.stream()
			.map((skill) -> skill.data().name())
			.toList();
	}

	/** A record's identity and title. */
	public record RecordInfo(String id, String title) {
	}

	@Transactional(readOnly = true)
	public Optional<RecordInfo> find(String id) {
		return this.records.findById(id).map((r) -> new RecordInfo(r.id(), r.title()));
	}

	/**
	 * A record's own weights for the analysis scorecard: relative (they need not add up
	 * to 1), each from 0 to 1, at least one above 0.
	 */
	public record ScorecardWeights(double skills, double questions, double communication) {
	}

	/**
	 * The record's own scorecard weights; empty when it has none (the settings' apply) or
	 * does not exist.
	 */
	@Transactional(readOnly = true)
	public Optional<ScorecardWeights> scorecardWeights(String recordId) {
		return this.records.findById(recordId).map(JobRecord::scorecardWeights);
	}

}
