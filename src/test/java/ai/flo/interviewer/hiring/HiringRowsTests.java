package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ai.flo.interviewer.shared.DatabaseUrl;
import ai.flo.interviewer.shared.MigratedDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hiring repositories' SQL against the migrated schema, on SQLite and PostgreSQL:
 * every column of every table is written and read back as it was, on insert and on
 * update, and the queries find, order and delete what their names say.
 */
class HiringRowsTests {

	static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_123L);

	@ParameterizedTest
	@EnumSource(DatabaseUrl.Kind.class)
	void everyColumnIsWrittenAndReadBack(DatabaseUrl.Kind kind) {
		try (MigratedDatabase database = MigratedDatabase.create(kind)) {
			JdbcClient jdbc = database.jdbc();
			JobRecordRepository records = new JobRecordRepository(jdbc);
			SkillRepository skills = new SkillRepository(jdbc);
			QuestionRepository questions = new QuestionRepository(jdbc);
			QuestionVersionRepository versions = new QuestionVersionRepository(jdbc);
			RecordFeedbackRepository feedback = new RecordFeedbackRepository(jdbc);

			JobRecord record = new JobRecord("Backend Engineer", "Java and SQL", T0);
			record.extractionFailed("the model timed out", T0.plusMillis(1));
			record.scorecardWeights(new JobRecords.ScorecardWeights(0.5, 0.25, 0.125), T0.plusMillis(2));
			records.save(record);
			assertSameRow(database, "job_records", record.columns(),
					records.findById(record.id()).orElseThrow().columns());
			record.extracted(T0.plusMillis(3));
			record.scorecardWeights(null, T0.plusMillis(4));
			records.save(record);
			assertSameRow(database, "job_records", record.columns(),
					records.findById(record.id()).orElseThrow().columns());

			Skill skill = new Skill(record.id(), new SkillData("Java", SkillLevel.EXPERT, Enums.Requirement.MANDATORY,
					Enums.Category.TECHNICAL, 3, Enums.Difficulty.HARD, 2), 0, T0);
			skill.generationFailed("no answer", T0.plusMillis(5));
			skills.save(skill);
			assertSameRow(database, "skills", skill.columns(), skills.findById(skill.id()).orElseThrow().columns());
			skill.update(new SkillData("SQL", SkillLevel.BEGINNER, Enums.Requirement.OPTIONAL,
					Enums.Category.FUNCTIONAL, 1, Enums.Difficulty.EASY, 9), T0.plusMillis(6));
			skill.generated(T0.plusMillis(7));
			skills.save(skill);
			assertSameRow(database, "skills", skill.columns(), skills.findById(skill.id()).orElseThrow().columns());

			Question question = new Question(skill.id(), new QuestionData("What is a join?", "Rows of two tables",
					Enums.QuestionFormat.SCENARIO, Enums.Difficulty.MEDIUM, true), 4, T0);
			question.rate(false, " too easy ");
			questions.save(question);
			assertSameRow(database, "questions", question.columns(),
					questions.findById(question.id()).orElseThrow().columns());
			QuestionVersion previous = question.replace(new QuestionData("What is an index?", "A sorted structure",
					Enums.QuestionFormat.OPEN_ENDED, Enums.Difficulty.EASY, false), "too easy", T0.plusMillis(8));
			versions.save(previous);
			questions.save(question);
			assertSameRow(database, "questions", question.columns(),
					questions.findById(question.id()).orElseThrow().columns());
			List<QuestionVersion> history = versions.findByQuestionIdOrderByVersion(question.id());
			assertThat(history).hasSize(1);
			assertSameRow(database, "question_versions", previous.columns(), history.get(0).columns());

			RecordFeedback note = new RecordFeedback(record.id(), " more SQL ", T0);
			feedback.save(note);
			List<RecordFeedback> notes = feedback.findByRecordIdOrderByCreatedAt(record.id());
			assertThat(notes).hasSize(1);
			assertSameRow(database, "record_feedback", note.columns(), notes.get(0).columns());
		}
	}

	@ParameterizedTest
	@EnumSource(DatabaseUrl.Kind.class)
	void queriesFindOrderAndDeleteWhatTheirNamesSay(DatabaseUrl.Kind kind) {
		try (MigratedDatabase database = MigratedDatabase.create(kind)) {
			JdbcClient jdbc = database.jdbc();
			JobRecordRepository records = new JobRecordRepository(jdbc);
			SkillRepository skills = new SkillRepository(jdbc);
			QuestionRepository questions = new QuestionRepository(jdbc);
			RecordFeedbackRepository feedback = new RecordFeedbackRepository(jdbc);
			JobRecord older = records.save(new JobRecord("Older", "d", T0));
			JobRecord newer = records.save(new JobRecord("Newer", "d", T0.plusSeconds(1)));
			JobRecord newest = records.save(new JobRecord("Newest", "d", T0.plusSeconds(2)));
			assertThat(records.findAllByOrderByCreatedAtDesc(2)).extracting(JobRecord::title)
				.containsExactly("Newest", "Newer");
			assertThat(records.findById("no-such-record")).isEmpty();

			Skill second = skills.save(new Skill(newest.id(), skill("Second"), 1, T0));
			Skill first = skills.save(new Skill(newest.id(), skill("First"), 0, T0));
			skills.save(new Skill(older.id(), skill("Elsewhere"), 0, T0));
			assertThat(skills.findByRecordIdOrderByPosition(newest.id())).extracting((s) -> s.data().name())
				.containsExactly("First", "Second");

			questions.save(new Question(second.id(), question("B1"), 0, T0));
			questions.save(new Question(first.id(), question("A2"), 1, T0));
			questions.save(new Question(first.id(), question("A1"), 0, T0));
			assertThat(questions.findBySkillIdInOrderByPosition(List.of(first.id())))
				.extracting((q) -> q.data().question())
				.containsExactly("A1", "A2");
			assertThat(questions.findBySkillIdInOrderByPosition(List.of(first.id(), second.id()))).hasSize(3);
			assertThat(questions.findBySkillIdInOrderByPosition(List.of())).isEmpty();
			questions.deleteBySkillId(first.id());
			assertThat(questions.findBySkillIdInOrderByPosition(List.of(first.id(), second.id())))
				.extracting((q) -> q.data().question())
				.containsExactly("B1");

			feedback.save(new RecordFeedback(newest.id(), "later", T0.plusSeconds(5)));
			feedback.save(new RecordFeedback(newest.id(), "sooner", T0.plusSeconds(4)));
			assertThat(feedback.findByRecordIdOrderByCreatedAt(newest.id())).extracting(RecordFeedback::text)
				.containsExactly("sooner", "later");

			skills.delete(second);
			assertThat(questions.findBySkillIdInOrderByPosition(List.of(second.id()))).isEmpty();
			skills.deleteByRecordId(newest.id());
			assertThat(skills.findByRecordIdOrderByPosition(newest.id())).isEmpty();
			assertThat(skills.findByRecordIdOrderByPosition(older.id())).hasSize(1);

			records.delete(older);
			assertThat(records.findById(older.id())).isEmpty();
			assertThat(skills.findByRecordIdOrderByPosition(older.id())).isEmpty();
			assertThat(records.findById(newer.id())).isPresent();
		}
	}

	static SkillData skill(String name) {
		return new SkillData(name, SkillLevel.INTERMEDIATE, Enums.Requirement.MANDATORY, Enums.Category.TECHNICAL, 2,
				Enums.Difficulty.MEDIUM, 1);
	}

	static QuestionData question(String text) {
		return new QuestionData(text, "answer", Enums.QuestionFormat.OPEN_ENDED, Enums.Difficulty.MEDIUM, false);
	}

	/**
	 * The row read back holds what was written, and the entity maps every column of the
	 * table.
	 */
	static void assertSameRow(MigratedDatabase database, String table, Map<String, Object> written,
			Map<String, Object> read) {
		assertThat(read).isEqualTo(written);
		assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(database.columns(table));
	}

}
