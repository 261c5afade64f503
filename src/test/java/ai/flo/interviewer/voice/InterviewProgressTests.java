package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.llm.Conversation;
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
 * What a live interview stores after every turn is all another agent needs to carry it
 * on: the same plan, the same place in it, the same conversation, the same clock.
 */
@SpringBootTest(properties = "flo.worker.required=false")
class InterviewProgressTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	InterviewProgress progress;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SessionRecords sessions;

	@Test
	void anInterviewStoredMidwayIsResumedWhereItStood() {
		String session = session();
		InterviewPlan plan = new InterviewPlan(session, "Backend Engineer", "Robin Doe", false, Duration.ofMinutes(30),
				List.of(item("Java", "How does the JIT work?"), item("SQL", "How do you read a query plan?"),
						item("Resume", "Tell me about the payment service.")));
		long start = System.nanoTime() - Duration.ofSeconds(95).toNanos();
		InterviewState state = new InterviewState(plan, 2, 1, start);
		state.next(start + Duration.ofSeconds(5).toNanos());
		state.next(start + Duration.ofSeconds(80).toNanos());
		state.followUp();
		state.hint();
		state.nextTurn();
		state.nextTurn();
		state.add(new Conversation.User("I would EXPLAIN ANALYZE it."));
		state.add(new Conversation.Assistant("", List.of(new ToolCall("call_1", "give_hint", "{}"))));
		state.add(new Conversation.ToolResult("call_1", "{\"hint\":\"look at the joins\"}"));
		state.add(new Conversation.Assistant("Think about the join order."));

		this.progress.save(plan, state.snapshot(System.nanoTime()), "job-1");
		InterviewProgress.Stored stored = this.progress.load(session).orElseThrow();

		assertThat(stored.plan()).isEqualTo(plan);
		long resumedStart = System.nanoTime() - Duration.ofMillis(stored.state().elapsedMs()).toNanos();
		InterviewState resumed = InterviewState.resume(stored.plan(), stored.state(), 2, 1, resumedStart);
		assertThat(resumed.started()).isTrue();
		assertThat(resumed.current().orElseThrow().question()).isEqualTo("How do you read a query plan?");
		assertThat(resumed.followUps()).isEqualTo(1);
		assertThat(resumed.hintsLeft()).isZero();
		assertThat(resumed.turns()).isEqualTo(2);
		assertThat(resumed.elapsed(System.nanoTime())).isBetween(Duration.ofSeconds(95), Duration.ofSeconds(100));
		assertThat(resumed.conversation("system").messages()).isEqualTo(state.conversation("system").messages());
		// The question's own clock goes on too: asked 15 s before the snapshot.
		assertThat(resumed.questionTimeUp(System.nanoTime())).isFalse();

		// A later turn replaces what was stored.
		resumed.end(EndReason.TIME_UP);
		this.progress.save(plan, resumed.snapshot(System.nanoTime()), "job-2");
		assertThat(this.progress.load(session).orElseThrow().state().endReason()).isEqualTo(EndReason.TIME_UP);
	}

	@Test
	void whatAnInterviewStoredGoesWhenItsSessionEnds() {
		String session = session();
		InterviewPlan plan = new InterviewPlan(session, "Backend Engineer", "Robin Doe", false, Duration.ofMinutes(30),
				List.of(item("Java", "How does the JIT work?")));
		InterviewState state = new InterviewState(plan, 2, 1, System.nanoTime());
		state.add(new Conversation.User("My words, kept only in the transcript afterwards."));
		this.progress.save(plan, state.snapshot(System.nanoTime()), "job-1");
		assertThat(this.progress.load(session)).isPresent();

		this.sessions.end(session);

		assertThat(this.progress.load(session)).isEmpty();
		assertThat(this.jdbc.sql("SELECT status FROM interview_sessions WHERE id = :id")
			.param("id", session)
			.query(String.class)
			.single()).isEqualTo("ENDED");
	}

	@Test
	void theNewestAgentTakesASessionOverAndTheOtherKnowsIt() {
		String session = session();
		try (AgentCharge first = AgentCharge.take(this.sessions, session, "agent-AJ_first", 60_000)) {
			assertThat(first.stillMine()).isTrue();
			try (AgentCharge second = AgentCharge.take(this.sessions, session, "agent-AJ_second", 60_000)) {
				assertThat(first.stillMine()).isFalse();
				assertThat(first.lost()).isTrue();
				assertThat(second.stillMine()).isTrue();
				assertThat(second.lost()).isFalse();
			}
			// Lost for good, whoever is in charge later.
			this.sessions.claim(session, "agent-AJ_first");
			assertThat(first.stillMine()).isFalse();
		}
		assertThat(this.jdbc.sql("SELECT agent_identity FROM interview_sessions WHERE id = :id")
			.param("id", session)
			.query(String.class)
			.single()).isEqualTo("agent-AJ_first");
	}

	private static InterviewPlan.Item item(String skill, String question) {
		return new InterviewPlan.Item(skill, question, "the ideal answer", true, 1, Duration.ofMinutes(5), "SKILL");
	}

	private String session() {
		return Fixtures.liveSession(this.jdbc);
	}

}
