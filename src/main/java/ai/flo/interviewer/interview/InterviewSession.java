package ai.flo.interviewer.interview;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One candidate's attempt at an interview: the room, the candidate, and where it stands.
 */
@Entity
@Table(name = "interview_sessions")
class InterviewSession {

	enum Status {

		CREATED, LIVE, ENDED, ANALYSING, ANALYSED, FAILED

	}

	/** Where the questions drawn from the candidate's resume stand. */
	enum ResumeQuestionsStatus {

		/** No resume, or a practice session: none to draw. */
		NONE, GENERATING, READY,

		/** Generation failed for good; the interview goes ahead without them. */
		FAILED

	}

	@Id
	@Column(length = 36)
	private String id;

	@Column(name = "interview_id", nullable = false, length = 36)
	private String interviewId;

	@Column(name = "candidate_name", nullable = false, length = 200)
	private String candidateName;

	@Column(name = "resume_text", columnDefinition = "TEXT")
	private String resumeText;

	@Column(nullable = false)
	private int practice;

	@Column(name = "room_name", nullable = false, length = 100)
	private String roomName;

	@Column(name = "token_digest", nullable = false, length = 64)
	private String tokenDigest;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Status status;

	@Column(columnDefinition = "TEXT")
	private String failure;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	@Column(name = "started_at")
	private Long startedAt;

	@Column(name = "ended_at")
	private Long endedAt;

	@Enumerated(EnumType.STRING)
	@Column(name = "resume_questions_status", nullable = false, length = 20)
	private ResumeQuestionsStatus resumeQuestionsStatus = ResumeQuestionsStatus.NONE;

	@Column(name = "resume_questions_failure", columnDefinition = "TEXT")
	private String resumeQuestionsFailure;

	@Column(name = "candidate_email", length = 254)
	private String candidateEmail;

	@Column(name = "consent_version", length = 64)
	private String consentVersion;

	@Column(name = "consented_at")
	private Long consentedAt;

	protected InterviewSession() {
	}

	InterviewSession(String interviewId, String candidateName, String candidateEmail, String resumeText,
			boolean practice, String tokenDigest, String consentVersion, Instant now) {
		this.id = UUID.randomUUID().toString();
		this.interviewId = interviewId;
		this.candidateName = candidateName;
		this.candidateEmail = (candidateEmail != null) ? candidateEmail.strip().toLowerCase(java.util.Locale.ROOT)
				: null;
		this.resumeText = resumeText;
		this.practice = practice ? 1 : 0;
		this.roomName = "interview-" + this.id;
		this.tokenDigest = tokenDigest;
		this.status = Status.CREATED;
		this.createdAt = now.toEpochMilli();
		this.consentVersion = consentVersion;
		this.consentedAt = now.toEpochMilli();
	}

	/** The candidate is in the room. Idempotent; only from CREATED. */
	boolean live(Instant now) {
		if (this.status != Status.CREATED) {
			return false;
		}
		this.status = Status.LIVE;
		this.startedAt = now.toEpochMilli();
		return true;
	}

	/** The interview is over. Idempotent; only from CREATED or LIVE. */
	boolean ended(Instant now) {
		if (this.status != Status.CREATED && this.status != Status.LIVE) {
			return false;
		}
		this.status = Status.ENDED;
		this.endedAt = now.toEpochMilli();
		return true;
	}

	/** Questions are being drawn from the resume (again). */
	void resumeQuestionsRequested() {
		this.resumeQuestionsStatus = ResumeQuestionsStatus.GENERATING;
		this.resumeQuestionsFailure = null;
	}

	void resumeQuestionsReady() {
		this.resumeQuestionsStatus = ResumeQuestionsStatus.READY;
		this.resumeQuestionsFailure = null;
	}

	/** Their generation failed for good; only while it was under way. */
	boolean resumeQuestionsFailed(String reason) {
		if (this.resumeQuestionsStatus != ResumeQuestionsStatus.GENERATING) {
			return false;
		}
		this.resumeQuestionsStatus = ResumeQuestionsStatus.FAILED;
		this.resumeQuestionsFailure = reason;
		return true;
	}

	ResumeQuestionsStatus resumeQuestionsStatus() {
		return this.resumeQuestionsStatus;
	}

	boolean hasResume() {
		return this.resumeText != null && !this.resumeText.isBlank();
	}

	boolean open() {
		return this.status == Status.CREATED || this.status == Status.LIVE;
	}

	boolean tokenMatches(String digest) {
		return java.security.MessageDigest.isEqual(this.tokenDigest.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				digest.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	Views.SessionView view() {
		return new Views.SessionView(this.id, this.interviewId, this.candidateName, this.practice == 1, this.roomName,
				this.status, this.failure, Instant.ofEpochMilli(this.createdAt),
				(this.startedAt != null) ? Instant.ofEpochMilli(this.startedAt) : null,
				(this.endedAt != null) ? Instant.ofEpochMilli(this.endedAt) : null,
				new Views.ResumeQuestionsState(this.resumeQuestionsStatus, this.resumeQuestionsFailure),
				(this.consentVersion != null)
						? new Views.Consent(this.consentVersion, Instant.ofEpochMilli(this.consentedAt)) : null);
	}

	/**
	 * Where the ended session's analysis stands: ANALYSING, ANALYSED, or FAILED with the
	 * reason. Only once the interview has ended; a session that never ran stays as it is.
	 */
	boolean analysis(SessionRecords.AnalysisState state, String reason) {
		if (this.status == Status.CREATED || this.status == Status.LIVE) {
			return false;
		}
		if (this.status == Status.FAILED && this.failure != null && !this.failure.startsWith(ANALYSIS_FAILED)) {
			// The session itself failed (the room could not be opened): there is no
			// analysis to speak of.
			return false;
		}
		this.status = switch (state) {
			case ANALYSING -> Status.ANALYSING;
			case ANALYSED -> Status.ANALYSED;
			case FAILED -> Status.FAILED;
		};
		this.failure = (state == SessionRecords.AnalysisState.FAILED) ? ANALYSIS_FAILED + reason : null;
		return true;
	}

	static final String ANALYSIS_FAILED = "analysis failed: ";

	void failed(String reason, Instant now) {
		this.status = Status.FAILED;
		this.failure = reason;
		this.endedAt = now.toEpochMilli();
	}

	String id() {
		return this.id;
	}

	String roomName() {
		return this.roomName;
	}

	String candidateName() {
		return this.candidateName;
	}

	String interviewId() {
		return this.interviewId;
	}

	boolean practice() {
		return this.practice == 1;
	}

	Status status() {
		return this.status;
	}

}
