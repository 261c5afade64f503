package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.interview.SessionPlans;
import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.llm.ToolCall;
import ai.flo.interviewer.testsupport.Fixtures;
import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The voice interviewer keeps the session's own record of its plan as it goes (without
 * LiveKit: its state, tools and checkpoint against a real database): the plan written at
 * the start, each question asked with its time, the candidate's answer span, follow-ups
 * and hints; the questions not reached marked so at the end, with the end's reason. Only
 * the agent in charge writes.
 */
@SpringBootTest(properties = "flo.worker.required=false")
class SessionPlanRecordTests {

	static final long T0 = 1_000_000_000L;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	VoiceInterviewer interviewer;

	@Autowired
	SessionPlans plans;

	@Autowired
	SessionRecords sessions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theInterviewerRecordsEachQuestionAskedAnsweredFollowedUpAndHintedAndThoseNotReached() {
		String session = session();
		InterviewPlan plan = new InterviewPlan(session, "Backend Engineer", "Robin", false, Duration.ofMinutes(30),
				List.of(new InterviewPlan.Item("Java", "How does the JIT work?", "Profiles hot code, compiles it.",
						true, 1, Duration.ofMinutes(5), "SKILL", "q-jit", "MEDIUM"),
						new InterviewPlan.Item("SQL", "How do you read a query plan?", "EXPLAIN, joins, indexes.", true,
								2, Duration.ofMinutes(5), "SKILL", "q-sql", "HARD"),
						new InterviewPlan.Item("Resume", "Tell me about the payment service.", "Idempotency.", false, 5,
								Duration.ofMinutes(5), "RESUME", null, "EASY")));
		this.plans.write(session, VoiceInterviewer.planned(plan));
		// A plan written again (an agent carrying the interview on) keeps the first.
		this.plans.write(session, VoiceInterviewer
			.planned(new InterviewPlan(session, "Other", "Robin", false, Duration.ofMinutes(5),
					List.of(new InterviewPlan.Item("X", "Another?", "", false, 1, Duration.ofMinutes(1), "SKILL")))));

		try (AgentCharge charge = AgentCharge.take(this.sessions, session, "agent-A", 60_000)) {
			InterviewState state = new InterviewState(plan, 2, 1, T0);
			InterviewerTools tools = new InterviewerTools(state, JsonMapper.builder().build(), false);
			Runnable checkpoint = this.interviewer.checkpoint(charge, plan, state, "job-A");

			state.next(T0 + ms(2_000)); // the greeting asks the first question
			checkpoint.run();
			state.heard(5_000, 9_000);
			state.followUp();
			checkpoint.run();
			state.heard(12_000, 15_000);
			tools.dispatch(new ToolCall("c1", InterviewerTools.GIVE_HINT, "{}"), T0 + ms(16_000));
			tools.dispatch(new ToolCall("c2", InterviewerTools.NEXT_QUESTION, "{}"), T0 + ms(20_000));
			state.heard(22_000, 30_000);
			checkpoint.run();

			// Another agent takes the session over: the first one writes nothing more.
			try (AgentCharge other = AgentCharge.take(this.sessions, session, "agent-B", 60_000)) {
				state.heard(40_000, 50_000);
				state.followUp();
				tools.dispatch(new ToolCall("c3", InterviewerTools.NEXT_QUESTION, "{}"), T0 + ms(52_000));
				checkpoint.run();
			}
		}
		this.plans.finish(session, EndReason.TIME_UP.name());

		List<SessionPlans.PlanQuestion> recorded = this.plans.read(session);
		assertThat(recorded).hasSize(3);
		SessionPlans.PlanQuestion jit = recorded.get(0);
		assertThat(jit.question()).isEqualTo("How does the JIT work?");
		assertThat(jit.idealAnswer()).isEqualTo("Profiles hot code, compiles it.");
		assertThat(jit.questionId()).isEqualTo("q-jit");
		assertThat(jit.difficulty()).isEqualTo("MEDIUM");
		assertThat(jit.skill()).isEqualTo("Java");
		assertThat(jit.status()).isEqualTo(SessionPlans.Status.ASKED);
		assertThat(jit.askedAtMs()).isEqualTo(2_000L);
		assertThat(jit.answerStartMs()).isEqualTo(5_000L);
		assertThat(jit.answerEndMs()).isEqualTo(15_000L);
		assertThat(jit.followUps()).isEqualTo(1);
		assertThat(jit.hints()).isEqualTo(1);
		SessionPlans.PlanQuestion sql = recorded.get(1);
		assertThat(sql.status()).isEqualTo(SessionPlans.Status.ASKED);
		assertThat(sql.askedAtMs()).isEqualTo(20_000L);
		assertThat(sql.answerStartMs()).isEqualTo(22_000L);
		assertThat(sql.answerEndMs()).as("the replaced agent's answer span is not written").isEqualTo(30_000L);
		assertThat(sql.followUps()).isZero();
		assertThat(sql.hints()).isZero();
		SessionPlans.PlanQuestion resume = recorded.get(2);
		assertThat(resume.status()).isEqualTo(SessionPlans.Status.NOT_REACHED);
		assertThat(resume.askedAtMs()).isNull();
		assertThat(resume.answerStartMs()).isNull();
		assertThat(this.plans.endReason(session)).contains("TIME_UP");
	}

	private static long ms(long millis) {
		return millis * 1_000_000L;
	}

	private String session() {
		return Fixtures.liveSession(this.jdbc);
	}

}
