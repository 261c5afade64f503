package ai.flo.interviewer.interview;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.flo.interviewer.hiring.JobRecords;
import ai.flo.interviewer.hiring.SkillLevel;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.livekit.LiveKitRooms;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Interviews and joining them. Network calls to LiveKit happen outside any transaction.
 */
@Service
class InterviewService {

	private static final Logger log = LoggerFactory.getLogger(InterviewService.class);

	private final InterviewRepository interviews;

	private final InterviewSessionRepository sessions;

	private final JobRecords records;

	private final LiveKitRooms rooms;

	private final InterviewProperties properties;

	private final JoinRateLimiter limiter;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final JobQueue jobs;

	private final LlmGateway llm;

	private final Clock clock;

	InterviewService(InterviewRepository interviews, InterviewSessionRepository sessions, JobRecords records,
			LiveKitRooms rooms, InterviewProperties properties, JoinRateLimiter limiter,
			PlatformTransactionManager transactions, JsonMapper json, JobQueue jobs, LlmGateway llm, Clock clock) {
		this.jobs = jobs;
		this.llm = llm;
		this.interviews = interviews;
		this.sessions = sessions;
		this.records = records;
		this.rooms = rooms;
		this.properties = properties;
		this.limiter = limiter;
		this.transactions = new TransactionTemplate(transactions);
		this.json = json;
		this.clock = clock;
	}

	record Settings(String role, SkillLevel skillLevel, Integer lengthMinutes, Boolean practiceAllowed) {
	}

	@Transactional
	Views.InterviewView create(String recordId, Settings settings, Duration validity, Integer maxUses) {
		JobRecords.RecordInfo record = this.records.find(recordId)
			.orElseThrow(() -> new InterviewProblem.NotFound("record", recordId));
		// The interview's own role, else INTERVIEW_ROLE, else the record's title.
		String role = (settings.role() != null && !settings.role().isBlank()) ? settings.role().strip()
				: (this.properties.defaultRole() != null) ? this.properties.defaultRole() : record.title();
		Interview interview = new Interview(record.id(), role,
				(settings.skillLevel() != null) ? settings.skillLevel() : this.properties.skillLevel(),
				(settings.lengthMinutes() != null) ? settings.lengthMinutes() : 30,
				Boolean.TRUE.equals(settings.practiceAllowed()), this.clock.instant());
		String code = issue(interview, validity, maxUses);
		this.interviews.save(interview);
		return interview.view(code);
	}

	@Transactional(readOnly = true)
	List<Views.InterviewView> list(String recordId, int limit) {
		List<Interview> found = (recordId != null) ? this.interviews.findByRecordIdOrderByCreatedAtDesc(recordId)
				: this.interviews.findAllByOrderByCreatedAtDesc(limit);
		return found.stream().limit(limit).map((i) -> i.view(null)).toList();
	}

	@Transactional(readOnly = true)
	Views.InterviewView get(String id) {
		return interview(id).view(null);
	}

	@Transactional
	Views.InterviewView update(String id, Settings settings) {
		Interview interview = interview(id);
		interview.update(
				(settings.role() != null && !settings.role().isBlank()) ? settings.role().strip() : interview.role(),
				(settings.skillLevel() != null) ? settings.skillLevel() : interview.skillLevel(),
				(settings.lengthMinutes() != null) ? settings.lengthMinutes() : interview.lengthMinutes(),
				(settings.practiceAllowed() != null) ? settings.practiceAllowed() : interview.practiceAllowed(),
				this.clock.instant());
		this.interviews.save(interview);
		return interview.view(null);
	}

	@Transactional
	Views.InterviewView revoke(String id) {
		Interview interview = interview(id);
		interview.revoke(this.clock.instant());
		this.interviews.save(interview);
		return interview.view(null);
	}

	/** A new code for the interview; the previous one stops working. */
	@Transactional
	Views.InterviewView reissue(String id, Duration validity, Integer maxUses) {
		Interview interview = interview(id);
		String code = issue(interview, validity, maxUses);
		this.interviews.save(interview);
		return interview.view(code);
	}

	/**
	 * Checks the code, starts a session, opens the room and mints the tokens. The code's
	 * use is counted in the same transaction that checks it (so a one-use code admits one
	 * candidate however many try at once); if LiveKit then fails, the use is given back
	 * and the session is FAILED with the reason.
	 */
	Views.JoinResult join(String typedCode, String name, String email, String resumeText, boolean practice,
			String consentVersion, String clientAddress) {
		this.limiter.attempt(clientAddress);
		this.rooms.ensureConfigured();
		String code = AccessCodes.normalize(typedCode);
		if (code == null) {
			throw new InterviewProblem.CodeUnknown();
		}
		String sessionToken = AccessCodes.sessionToken();
		record Started(InterviewSession session, Interview interview) {
		}
		Started started = this.transactions.execute((status) -> {
			Interview interview = this.interviews.findByCodeDigestForUpdate(AccessCodes.digest(code))
				.orElseThrow(InterviewProblem.CodeUnknown::new);
			Interview.Refusal refusal = interview.refusal(this.clock.instant());
			if (refusal != null) {
				throw new InterviewProblem.CodeRefused(refusal);
			}
			if (practice && !interview.practiceAllowed()) {
				throw new InterviewProblem.PracticeNotAllowed();
			}
			interview.use(this.clock.instant());
			this.interviews.save(interview);
			InterviewSession session = new InterviewSession(interview.id(), name.strip(), email, resumeText, practice,
					AccessCodes.digest(sessionToken), consentVersion, this.clock.instant());
			boolean resumeQuestions = resumeText != null && !resumeText.isBlank() && !practice
					&& resumeParsingConfigured();
			if (resumeQuestions) {
				session.resumeQuestionsRequested();
			}
			this.sessions.save(session);
			if (resumeQuestions) {
				this.jobs.enqueue(ResumeQuestions.TYPE, "{\"sessionId\":\"" + session.id() + "\"}");
			}
			return new Started(session, interview);
		});
		InterviewSession session = started.session();
		Interview interview = started.interview();
		try {
			String metadata = dispatchMetadata(this.json, session.id(), interview.id(), interview.recordId(), practice,
					interview.lengthMinutes());
			Duration ttl = this.properties.tokenValidity();
			LiveKitRooms.Grant grant = this.rooms.open(session.roomName(), metadata, "candidate-" + session.id(),
					session.candidateName(), metadata, Duration.ofMinutes(5), ttl);
			return new Views.JoinResult(grant.serverUrl(), grant.token(), grant.roomName(), session.candidateName(),
					session.id(), sessionToken);
		}
		catch (RuntimeException ex) {
			log.warn("Join of session {} failed after the code was accepted: {}", session.id(), ex.getMessage());
			this.transactions.executeWithoutResult((status) -> {
				this.sessions.findById(session.id()).ifPresent((s) -> {
					s.failed(ex.getMessage(), this.clock.instant());
					this.sessions.save(s);
				});
				// Locked like a join: a use given back while another join counts one is
				// not lost.
				this.interviews.findByIdForUpdate(interview.id()).ifPresent((i) -> {
					i.giveBackUse(this.clock.instant());
					this.interviews.save(i);
				});
			});
			throw ex;
		}
	}

	/**
	 * What the agent is told about the session it is dispatched to (room and token
	 * alike).
	 */
	static String dispatchMetadata(JsonMapper json, String sessionId, String interviewId, String recordId,
			boolean practice, int lengthMinutes) {
		Map<String, Object> metadata = new java.util.LinkedHashMap<>();
		metadata.put("sessionId", sessionId);
		metadata.put("interviewId", interviewId);
		metadata.put("recordId", recordId);
		metadata.put("practice", practice);
		metadata.put("lengthMinutes", lengthMinutes);
		return json.writeValueAsString(metadata);
	}

	private boolean resumeParsingConfigured() {
		try {
			this.llm.ensureConfigured(LlmTask.RESUME_PARSING);
			return true;
		}
		catch (ProviderNotConfiguredException ex) {
			log.info(
					"A resume came with a join, but the resume-parsing provider is not configured: no resume questions");
			return false;
		}
	}

	private String issue(Interview interview, Duration validity, Integer maxUses) {
		for (int attempt = 0; attempt < 5; attempt++) {
			String code = AccessCodes.generate();
			if (!this.interviews.existsByCodeDigest(AccessCodes.digest(AccessCodes.normalize(code)))) {
				return interview.issueCode(code, (validity != null) ? validity : this.properties.codeValidity(),
						(maxUses != null) ? maxUses : this.properties.codeMaxUses(), this.clock.instant());
			}
		}
		throw new IllegalStateException("Could not draw an unused access code in 5 tries");
	}

	private Interview interview(String id) {
		return this.interviews.findById(id).orElseThrow(() -> new InterviewProblem.NotFound("interview", id));
	}

}
