package ai.flo.interviewer.interview;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.jobs.PermanentJobFailure;
import ai.flo.interviewer.llm.LlmException;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.llm.Prompt;
import ai.flo.interviewer.providers.ProviderNotConfiguredException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Questions from the candidate's resume, for that session only: generated as a job when a
 * candidate joins with a resume (and the resume-parsing provider is configured), stored
 * in {@code session_questions}. The resume is untrusted text in the prompt.
 */
@Component
class ResumeQuestions implements JobHandler {

	static final String TYPE = "interview.resume-questions";

	private final JdbcClient jdbc;

	private final LlmGateway llm;

	private final JsonMapper json;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final InterviewSessionRepository sessions;

	private final JobQueue jobs;

	ResumeQuestions(JdbcClient jdbc, LlmGateway llm, JsonMapper json, Clock clock,
			PlatformTransactionManager transactions, InterviewSessionRepository sessions, JobQueue jobs) {
		this.transactions = new TransactionTemplate(transactions);
		this.sessions = sessions;
		this.jobs = jobs;
		this.jdbc = jdbc;
		this.llm = llm;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The model's answer; these constraints are the strict schema it is held to, and the
	 * prompt states the same limits.
	 */
	record Generated(@NotEmpty @Size(max = 3) List<@Valid Item> questions) {
	}

	record Item(@NotBlank @Size(max = 2000) String question, @NotBlank @Size(max = 4000) String idealAnswer,
			@NotBlank @Pattern(regexp = "EASY|MEDIUM|HARD") String difficulty) {
	}

	record View(int position, String question, String idealAnswer, String difficulty) {
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String run(JobContext context) {
		String sessionId = this.json.readTree(context.payload()).path("sessionId").asString();
		var found = this.jdbc.sql("""
				SELECT s.resume_text, i.role FROM interview_sessions s JOIN interviews i ON i.id = s.interview_id
				WHERE s.id = :id""")
			.param("id", sessionId)
			.query((rs, row) -> new String[] { rs.getString(1), rs.getString(2) })
			.optional();
		if (found.isEmpty() || found.get()[0] == null || found.get()[0].isBlank()) {
			return null;
		}
		context.progress("reading the resume", 10);
		Prompt prompt = Prompt.builder("You are an interviewer preparing questions about a candidate's own experience.")
			.instruction("""
					Write 2 or 3 interview questions (1 if the resume shows only one relevant experience) about \
					specific experience in the resume below that matters for the role, each with the points a strong \
					answer covers (idealAnswer) and a difficulty (EASY, MEDIUM or HARD). Ask about what the candidate \
					did, not about personal data.""")
			.untrusted("role", found.get()[1], 200)
			.untrusted("resume", found.get()[0], 20_000)
			.build();
		Generated generated;
		try {
			generated = this.llm.structured(LlmTask.RESUME_PARSING, prompt, Generated.class);
		}
		catch (ProviderNotConfiguredException ex) {
			throw new PermanentJobFailure(ex.getMessage(), ex);
		}
		catch (LlmException ex) {
			if (!ex.retryable()) {
				throw new PermanentJobFailure(ex.getMessage(), ex);
			}
			throw ex;
		}
		save(sessionId, generated.questions());
		return "{\"questions\":" + generated.questions().size() + "}";
	}

	void save(String sessionId, List<Item> items) {
		this.transactions.executeWithoutResult((status) -> {
			replace(sessionId, items);
			this.sessions.findById(sessionId).ifPresent((session) -> {
				session.resumeQuestionsReady();
				this.sessions.save(session);
			});
		});
	}

	@Override
	public void gaveUp(String payload, String reason) {
		String sessionId = this.json.readTree(payload).path("sessionId").asString();
		this.transactions.executeWithoutResult((status) -> this.sessions.findById(sessionId)
			.filter((session) -> session.resumeQuestionsFailed(reason))
			.ifPresent(this.sessions::save));
	}

	@Override
	public void retrying(String payload) {
		String sessionId = this.json.readTree(payload).path("sessionId").asString();
		this.sessions.findById(sessionId).ifPresent((session) -> {
			session.resumeQuestionsRequested();
			this.sessions.save(session);
		});
	}

	/**
	 * Draws the questions from the session's resume again (after a failure, or to replace
	 * them): they are GENERATING until the job is done.
	 * @return the job's id
	 */
	String requestAgain(String sessionId) {
		this.llm.ensureConfigured(LlmTask.RESUME_PARSING);
		return this.transactions.execute((status) -> {
			InterviewSession session = this.sessions.findById(sessionId)
				.orElseThrow(() -> new InterviewProblem.NotFound("session", sessionId));
			if (!session.hasResume() || session.practice()) {
				throw new SessionProblem.NoResume(sessionId);
			}
			if (session.resumeQuestionsStatus() == InterviewSession.ResumeQuestionsStatus.GENERATING) {
				throw new SessionProblem.ResumeQuestionsRunning(sessionId);
			}
			session.resumeQuestionsRequested();
			this.sessions.save(session);
			return this.jobs.enqueue(TYPE, "{\"sessionId\":\"" + sessionId + "\"}");
		});
	}

	private void replace(String sessionId, List<Item> items) {
		this.jdbc.sql("DELETE FROM session_questions WHERE session_id = :id").param("id", sessionId).update();
		int position = 0;
		for (Item item : items) {
			this.jdbc
				.sql("""
						INSERT INTO session_questions (id, session_id, position, question, ideal_answer, difficulty, created_at)
						VALUES (:id, :session, :position, :question, :answer, :difficulty, :now)""")
				.param("id", UUID.randomUUID().toString())
				.param("session", sessionId)
				.param("position", position++)
				.param("question", item.question())
				.param("answer", item.idealAnswer())
				.param("difficulty", item.difficulty())
				.param("now", this.clock.millis())
				.update();
		}
	}

	List<View> read(String sessionId) {
		return this.jdbc.sql(
				"SELECT position, question, ideal_answer, difficulty FROM session_questions WHERE session_id = :id ORDER BY position")
			.param("id", sessionId)
			.query((rs, row) -> new View(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
	}

}
