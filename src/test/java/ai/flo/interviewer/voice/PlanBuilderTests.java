package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import ai.flo.interviewer.testsupport.Fixtures;
import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interview plan built from a real database (SQLite): order, numQuestions, resume
 * questions, budgets.
 */
@SpringBootTest(properties = "flo.worker.required=false")
class PlanBuilderTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	PlanBuilder plans;

	@Autowired
	JdbcClient jdbc;

	@Test
	void mandatoryFirstThenPriorityWithNumQuestionsAndThisSessionsResumeQuestionsSpread() {
		String record = Fixtures.jobRecord(this.jdbc, "Backend Engineer", "Java");
		skill(record, "Kubernetes", "OPTIONAL", 1, 1, 0, "K1", "K2");
		skill(record, "Java", "MANDATORY", 3, 2, 1, "J1", "J2", "J3");
		skill(record, "Testing", "MANDATORY", 1, 1, 2, "T1");
		String interview = Fixtures.interview(this.jdbc, record, "Backend Engineer", "PROFESSIONAL", 20, true);
		String session = session(interview, false);
		String other = session(interview, false);
		resumeQuestion(session, 0, "R1");
		resumeQuestion(other, 0, "someone else's");

		InterviewPlan plan = this.plans.build(session);
		// Testing (mandatory, priority 1), Java (mandatory, 3; two of three), Kubernetes
		// (optional; one of two);
		// the one resume question of this session in the middle.
		assertThat(plan.items()).extracting(InterviewPlan.Item::question).containsExactly("T1", "J1", "R1", "J2", "K1");
		assertThat(plan.items()).extracting(InterviewPlan.Item::source)
			.containsExactly("SKILL", "SKILL", "RESUME", "SKILL", "SKILL");
		assertThat(plan.items().get(0).mandatory()).isTrue();
		assertThat(plan.items().get(4).mandatory()).isFalse();
		// 20 minutes less an opening and a closing minute, shared by 5 questions.
		assertThat(plan.items())
			.allSatisfy((i) -> assertThat(i.budget()).isEqualTo(Duration.ofMinutes(18).dividedBy(5)));
		assertThat(plan.skillBudgets().get("Java")).isEqualTo(Duration.ofMinutes(18).dividedBy(5).multipliedBy(2));
		assertThat(plan.role()).isEqualTo("Backend Engineer");
		assertThat(plan.candidateName()).isEqualTo("Alex Doe");

		String practice = session(interview, true);
		InterviewPlan short_ = this.plans.build(practice);
		assertThat(short_.practice()).isTrue();
		assertThat(short_.length()).isEqualTo(Duration.ofMinutes(5));
		assertThat(short_.items()).extracting(InterviewPlan.Item::question)
			.containsExactlyElementsOf(PlanBuilder.PRACTICE_QUESTIONS);
	}

	private void skill(String record, String name, String requirement, int priority, int numQuestions, int position,
			String... questions) {
		String id = UUID.randomUUID().toString();
		this.jdbc
			.sql("""
					INSERT INTO skills (id, record_id, name, level, requirement, category, num_questions, difficulty, priority,
					  questions_status, position, created_at, updated_at)
					VALUES (:id, :record, :name, 'PROFESSIONAL', :requirement, 'TECHNICAL', :n, 'MEDIUM', :priority, 'READY', :position, 0, 0)""")
			.param("id", id)
			.param("record", record)
			.param("name", name)
			.param("requirement", requirement)
			.param("n", numQuestions)
			.param("priority", priority)
			.param("position", position)
			.update();
		for (int i = 0; i < questions.length; i++) {
			this.jdbc
				.sql("""
						INSERT INTO questions (id, skill_id, question, ideal_answer, format, difficulty, coding, position, created_at)
						VALUES (:id, :skill, :q, 'ideal', 'OPEN_ENDED', 'MEDIUM', 0, :position, 0)""")
				.param("id", UUID.randomUUID().toString())
				.param("skill", id)
				.param("q", questions[i])
				.param("position", i)
				.update();
		}
	}

	private String session(String interview, boolean practice) {
		return Fixtures.session(this.jdbc, interview, "Alex Doe", practice, "CREATED");
	}

	private void resumeQuestion(String session, int position, String question) {
		this.jdbc.sql("""
				INSERT INTO session_questions (id, session_id, position, question, ideal_answer, difficulty, created_at)
				VALUES (:id, :session, :position, :q, 'ideal', 'MEDIUM', 0)""")
			.param("id", UUID.randomUUID().toString())
			.param("session", session)
			.param("position", position)
			.param("q", question)
			.update();
	}

}
