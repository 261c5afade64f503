package ai.flo.interviewer.hiring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.shared.Erasure;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;

import org.springframework.stereotype.Service;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hiring setup's use cases. Every method is one short transaction; LLM work is enqueued
 * as jobs in the same transaction as the change that asks for it.
 */
@Service
class HiringService {

	static final String EXTRACT_SKILLS = "hiring.extract-skills";

	static final String GENERATE_QUESTIONS = "hiring.generate-questions";

	static final String REGENERATE_QUESTION = "hiring.regenerate-question";

	private final JobRecordRepository records;

	private final SkillRepository skills;

	private final QuestionRepository questions;

	private final QuestionVersionRepository versions;

	private final RecordFeedbackRepository feedback;

	private final JobQueue jobs;

	private final LlmGateway llm;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	HiringService(JobRecordRepository records, SkillRepository skills, QuestionRepository questions,
			QuestionVersionRepository versions, RecordFeedbackRepository feedback, JobQueue jobs, LlmGateway llm,
			JsonMapper json, Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.json = json;
		this.records = records;
		this.skills = skills;
		this.questions = questions;
		this.versions = versions;
		this.feedback = feedback;
		this.jobs = jobs;
		this.llm = llm;
		this.clock = clock;
	}

	@Transactional
	Views.Accepted<Views.RecordView> create(String title, String description) {
		this.llm.ensureConfigured(LlmTask.GENERATION);
		JobRecord record = this.records.save(new JobRecord(title.strip(), description.strip(), this.clock.instant()));
		String job = this.jobs.enqueue(EXTRACT_SKILLS, "{\"recordId\":\"" + record.id() + "\"}");
		return new Views.Accepted<>(view(record), List.of(job));
	}

	@Transactional(readOnly = true)
	List<Views.RecordSummary> list(int limit) {
		return this.records.findAllByOrderByCreatedAtDesc(limit)
			.stream()
			.map((r) -> new Views.RecordSummary(r.id(), r.title(), r.status(), r.createdAt()))
			.toList();
	}

	@Transactional(readOnly = true)
	Views.RecordView get(String recordId) {
		return view(record(recordId));
	}

	/**
	 * Deletes the record with everything that belongs to it: its interviews and their
	 * sessions, the analyses made for it ({@link RecordErasing}), its skills, questions,
	 * their history and feedback.
	 */
	@Transactional
	void delete(String recordId, Erasure erasure) {
		JobRecord record = record(recordId);
		this.events.publishEvent(new RecordErasing(recordId, erasure));
		List<Skill> skills = this.skills.findByRecordIdOrderByPosition(recordId);
		int questions = 0;
		for (Skill skill : skills) {
			this.jobs.cancel("skillId", skill.id());
			questions += this.questions.findBySkillIdInOrderByPosition(List.of(skill.id())).size();
		}
		this.jobs.cancel("recordId", recordId);
		erasure.rows("skills", skills.size());
		erasure.rows("questions", questions);
		erasure.rows("record feedback", this.feedback.findByRecordIdOrderByCreatedAt(recordId).size());
		this.records.delete(record);
		erasure.rows("job records", 1);
	}

	/**
	 * Sets the record's own scorecard weights, or with {@code null} goes back to the
	 * settings'.
	 */
	@Transactional
	Views.RecordView scorecardWeights(String recordId, JobRecords.ScorecardWeights weights) {
		if (weights != null && !(weights.skills() + weights.questions() + weights.communication() > 0)) {
			throw new IllegalArgumentException("At least one scorecard weight must be above 0.");
		}
		JobRecord record = record(recordId);
		record.scorecardWeights(weights, this.clock.instant());
		this.records.save(record);
		return view(record);
	}

	@Transactional
	Views.SkillView addSkill(String recordId, SkillData data) {
		JobRecord record = record(recordId);
		int position = this.skills.findByRecordIdOrderByPosition(recordId).size();
		Skill skill = this.skills.save(new Skill(record.id(), data, position, this.clock.instant()));
		record.touched(this.clock.instant());
		this.records.save(record);
		return skillView(skill, 0);
	}

	@Transactional
	Views.SkillView updateSkill(String recordId, String skillId, SkillData data) {
		Skill skill = skill(recordId, skillId);
		skill.update(data, this.clock.instant());
		this.skills.save(skill);
		return skillView(skill, this.questions.findBySkillIdInOrderByPosition(List.of(skillId)).size());
	}

	@Transactional
	void deleteSkill(String recordId, String skillId) {
		this.skills.delete(skill(recordId, skillId));
	}

	/** Enqueues question generation for every skill of the record, or for one. */
	@Transactional
	Views.Accepted<Views.RecordView> generateQuestions(String recordId, String skillId) {
		this.llm.ensureConfigured(LlmTask.GENERATION);
		JobRecord record = record(recordId);
		if (record.status() != Enums.RecordStatus.READY) {
			throw new HiringProblem.NotReady(recordId, record.status());
		}
		List<Skill> targets = (skillId != null) ? List.of(skill(recordId, skillId))
				: this.skills.findByRecordIdOrderByPosition(recordId);
		if (targets.isEmpty()) {
			throw new HiringProblem.NoSkills(recordId);
		}
		List<String> jobIds = new ArrayList<>();
		for (Skill skill : targets) {
			skill.generating(this.clock.instant());
			this.skills.save(skill);
			jobIds.add(this.jobs.enqueue(GENERATE_QUESTIONS, "{\"skillId\":\"" + skill.id() + "\"}"));
		}
		return new Views.Accepted<>(view(record), jobIds);
	}

	@Transactional(readOnly = true)
	List<Views.QuestionView> questions(String recordId) {
		record(recordId);
		Map<String, Skill> byId = this.skills.findByRecordIdOrderByPosition(recordId)
			.stream()
			.collect(Collectors.toMap(Skill::id, (s) -> s, (a, b) -> a, java.util.LinkedHashMap::new));
		Map<String, List<Question>> bySkill = this.questions.findBySkillIdInOrderByPosition(byId.keySet())
			.stream()
			.collect(Collectors.groupingBy(Question::skillId));
		List<Views.QuestionView> result = new ArrayList<>();
		for (Skill skill : byId.values()) {
			for (Question question : bySkill.getOrDefault(skill.id(), List.of())) {
				result.add(questionView(question, skill));
			}
		}
		return result;
	}

	/**
	 * Likes or dislikes a question, with optional feedback; {@code liked} null clears the
	 * rating.
	 */
	@Transactional
	Views.QuestionView rate(String recordId, String questionId, Boolean liked, String text) {
		Question question = question(recordId, questionId);
		question.rate(liked, text);
		this.questions.save(question);
		return questionView(question, this.skills.findById(question.skillId()).orElseThrow());
	}

	@Transactional(readOnly = true)
	List<Views.QuestionVersionView> history(String recordId, String questionId) {
		question(recordId, questionId);
		return this.versions.findByQuestionIdOrderByVersion(questionId).stream().map(QuestionVersion::view).toList();
	}

	/**
	 * Enqueues a new version of one question, for {@code reason}; the current one becomes
	 * history.
	 */
	@Transactional
	Views.Accepted<Views.QuestionView> regenerate(String recordId, String questionId, String reason) {
		this.llm.ensureConfigured(LlmTask.GENERATION);
		Question question = question(recordId, questionId);
		String payload = this.json.writeValueAsString(Map.of("questionId", questionId, "reason", reason.strip()));
		String job = this.jobs.enqueue(REGENERATE_QUESTION, payload);
		return new Views.Accepted<>(questionView(question, this.skills.findById(question.skillId()).orElseThrow()),
				List.of(job));
	}

	@Transactional
	Views.FeedbackView addFeedback(String recordId, String text) {
		record(recordId);
		return this.feedback.save(new RecordFeedback(recordId, text, this.clock.instant())).view();
	}

	@Transactional(readOnly = true)
	List<Views.FeedbackView> feedback(String recordId) {
		record(recordId);
		return this.feedback.findByRecordIdOrderByCreatedAt(recordId).stream().map(RecordFeedback::view).toList();
	}

	// --- used by the job handlers ---

	/**
	 * Recruiters' feedback for later generations: record-wide, and on disliked questions.
	 */
	@Transactional(readOnly = true)
	List<String> feedbackForGeneration(String recordId) {
		List<String> all = new ArrayList<>();
		this.feedback.findByRecordIdOrderByCreatedAt(recordId).forEach((f) -> all.add(f.text()));
		List<String> skillIds = this.skills.findByRecordIdOrderByPosition(recordId).stream().map(Skill::id).toList();
		for (Question question : this.questions.findBySkillIdInOrderByPosition(skillIds)) {
			if (Boolean.FALSE.equals(question.liked())) {
				all.add("Disliked question: \"" + question.data().question() + "\""
						+ ((question.feedback() != null) ? " because: " + question.feedback() : ""));
			}
		}
		return all;
	}

	@Transactional(readOnly = true)
	QuestionForJob questionForJob(String questionId) {
		Question question = this.questions.findById(questionId).orElse(null);
		if (question == null) {
			return null;
		}
		Skill skill = this.skills.findById(question.skillId()).orElseThrow();
		JobRecord record = this.records.findById(skill.recordId()).orElseThrow();
		return new QuestionForJob(question.id(), record.id(), record.title(), record.jobDescription(), skill.data(),
				question.data(), question.version());
	}

	@Transactional
	void saveRegenerated(String questionId, int expectedVersion, QuestionData data, String reason) {
		Question question = this.questions.findById(questionId).orElse(null);
		if (question == null || question.version() != expectedVersion) {
			// Deleted, or already regenerated by a repeated run of this job: keep what is
			// there.
			return;
		}
		this.versions.save(question.replace(data, reason, this.clock.instant()));
		this.questions.save(question);
	}

	record QuestionForJob(String id, String recordId, String title, String description, SkillData skill,
			QuestionData current, int version) {
	}

	@Transactional(readOnly = true)
	JobRecord recordForJob(String recordId) {
		return this.records.findById(recordId).orElse(null);
	}

	@Transactional
	void saveExtractedSkills(String recordId, List<SkillData> extracted) {
		JobRecord record = this.records.findById(recordId).orElse(null);
		if (record == null) {
			return;
		}
		this.skills.deleteByRecordId(recordId);
		int position = 0;
		for (SkillData data : extracted) {
			this.skills.save(new Skill(recordId, data, position++, this.clock.instant()));
		}
		record.extracted(this.clock.instant());
		this.records.save(record);
		this.events.publishEvent(new RecordReady(recordId, record.title(), extracted.size()));
	}

	/**
	 * Extracts the skills again, after a failed extraction: the record is EXTRACTING
	 * again.
	 */
	@Transactional
	Views.Accepted<Views.RecordView> extractAgain(String recordId) {
		this.llm.ensureConfigured(LlmTask.GENERATION);
		JobRecord record = record(recordId);
		if (record.status() != Enums.RecordStatus.FAILED) {
			throw new HiringProblem.NotFailed(recordId, record.status());
		}
		record.extracting(this.clock.instant());
		this.records.save(record);
		String job = this.jobs.enqueue(EXTRACT_SKILLS, "{\"recordId\":\"" + record.id() + "\"}");
		return new Views.Accepted<>(view(record), List.of(job));
	}

	/**
	 * The extraction job gave up: the record fails, unless something else moved it on.
	 */
	@Transactional
	void extractionGaveUp(String recordId, String reason) {
		this.records.findById(recordId)
			.filter((record) -> record.status() == Enums.RecordStatus.EXTRACTING)
			.ifPresent((record) -> {
				record.extractionFailed(reason, this.clock.instant());
				this.records.save(record);
			});
	}

	/** A failed extraction job is retried by hand: the record is EXTRACTING again. */
	@Transactional
	void extractionRetrying(String recordId) {
		this.records.findById(recordId)
			.filter((record) -> record.status() == Enums.RecordStatus.FAILED)
			.ifPresent((record) -> {
				record.extracting(this.clock.instant());
				this.records.save(record);
			});
	}

	/** The generation job gave up: the skill's questions fail, unless they moved on. */
	@Transactional
	void generationGaveUp(String skillId, String reason) {
		this.skills.findById(skillId)
			.filter((skill) -> skill.questionsStatus() == Enums.QuestionsStatus.GENERATING)
			.ifPresent((skill) -> {
				skill.generationFailed(reason, this.clock.instant());
				this.skills.save(skill);
			});
	}

	/** A failed generation job is retried by hand: the skill is GENERATING again. */
	@Transactional
	void generationRetrying(String skillId) {
		this.skills.findById(skillId)
			.filter((skill) -> skill.questionsStatus() == Enums.QuestionsStatus.FAILED)
			.ifPresent((skill) -> {
				skill.generating(this.clock.instant());
				this.skills.save(skill);
			});
	}

	@Transactional
	void extractionFailed(String recordId, String reason) {
		this.records.findById(recordId).ifPresent((record) -> {
			record.extractionFailed(reason, this.clock.instant());
			this.records.save(record);
		});
	}

	@Transactional(readOnly = true)
	SkillForJob skillForJob(String skillId) {
		return this.skills.findById(skillId)
			.flatMap((skill) -> this.records.findById(skill.recordId())
				.map((record) -> new SkillForJob(skill.id(), record.id(), record.title(), record.jobDescription(),
						skill.data())))
			.orElse(null);
	}

	@Transactional
	void saveQuestions(String skillId, List<QuestionData> generated) {
		Skill skill = this.skills.findById(skillId).orElse(null);
		if (skill == null) {
			return;
		}
		this.questions.deleteBySkillId(skillId);
		int position = 0;
		for (QuestionData data : generated) {
			this.questions.save(new Question(skillId, data, position++, this.clock.instant()));
		}
		skill.generated(this.clock.instant());
		this.skills.save(skill);
	}

	@Transactional
	void generationFailed(String skillId, String reason) {
		this.skills.findById(skillId).ifPresent((skill) -> {
			skill.generationFailed(reason, this.clock.instant());
			this.skills.save(skill);
		});
	}

	record SkillForJob(String id, String recordId, String title, String description, SkillData data) {
	}

	private Question question(String recordId, String questionId) {
		return this.questions.findById(questionId)
			.filter((q) -> this.skills.findById(q.skillId()).map((s) -> s.recordId().equals(recordId)).orElse(false))
			.orElseThrow(() -> new HiringProblem.NotFound("question", questionId));
	}

	private static Views.QuestionView questionView(Question question, Skill skill) {
		QuestionData data = question.data();
		return new Views.QuestionView(question.id(), skill.id(), skill.data().name(), data.question(),
				data.idealAnswer(), data.format(), data.difficulty(), data.coding(), question.version(),
				question.liked(), question.feedback());
	}

	private JobRecord record(String recordId) {
		return this.records.findById(recordId).orElseThrow(() -> new HiringProblem.NotFound("record", recordId));
	}

	private Skill skill(String recordId, String skillId) {
		return this.skills.findById(skillId)
			.filter((s) -> s.recordId().equals(recordId))
			.orElseThrow(() -> new HiringProblem.NotFound("skill", skillId));
	}

	private Views.RecordView view(JobRecord record) {
		List<Skill> recordSkills = this.skills.findByRecordIdOrderByPosition(record.id());
		Map<String, Long> counts = this.questions
			.findBySkillIdInOrderByPosition(recordSkills.stream().map(Skill::id).toList())
			.stream()
			.collect(Collectors.groupingBy(Question::skillId, Collectors.counting()));
		return new Views.RecordView(record.id(), record.title(), record.jobDescription(), record.status(),
				record.failure(), record.createdAt(), record.updatedAt(), record.scorecardWeights(),
				recordSkills.stream().map((s) -> skillView(s, counts.getOrDefault(s.id(), 0L).intValue())).toList());
	}

	private static Views.SkillView skillView(Skill skill, int questionCount) {
		SkillData data = skill.data();
		return new Views.SkillView(skill.id(), data.name(), data.level(), data.requirement(), data.category(),
				data.numQuestions(), data.difficulty(), data.priority(), skill.questionsStatus(),
				skill.questionsFailure(), questionCount);
	}

}
