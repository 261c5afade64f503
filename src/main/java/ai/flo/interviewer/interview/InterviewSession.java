package ai.flo.interviewer.interview;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import ai.flo.interviewer.shared.Columns;

/**
 * One candidate's attempt at an interview: the room, the candidate, and where it stands.
 */
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

	private String id;

	private String interviewId;

	private String candidateName;

	private String resumeText;

	private int practice;

	private String roomName;

	private String tokenDigest;

	private Status status;

	private String failure;

	private long createdAt;

	private Long startedAt;

	private Long endedAt;

	private ResumeQuestionsStatus resumeQuestionsStatus = ResumeQuestionsStatus.NONE;

	private String resumeQuestionsFailure;

	private String candidateEmail;

	private String consentVersion;

	private Long consentedAt;

	private InterviewSession() {
	}

	/** The row its repository read. */
	static InterviewSession read(ResultSet rs) throws SQLException {
		InterviewSession row = new InterviewSession();
		row.id = rs.getString("id");
		row.interviewId = rs.getString("interview_id");
		row.candidateName = rs.getString("candidate_name");
		row.resumeText = rs.getString("resume_text");
		row.practice = rs.getInt("practice");
		row.roomName = rs.getString("room_name");
		row.tokenDigest = rs.getString("token_digest");
		row.status = Status.valueOf(rs.getString("status"));
		row.failure = rs.getString("failure");
		row.createdAt = rs.getLong("created_at");
		row.startedAt = Columns.nullableLong(rs, "started_at");
		row.endedAt = Columns.nullableLong(rs, "ended_at");
		row.resumeQuestionsStatus = ResumeQuestionsStatus.valueOf(rs.getString("resume_questions_status"));
		row.resumeQuestionsFailure = rs.getString("resume_questions_failure");
		row.candidateEmail = rs.getString("candidate_email");
		row.consentVersion = rs.getString("consent_version");
		row.consentedAt = Columns.nullableLong(rs, "consented_at");
		return row;
	}

	/** Its columns by name, for its repository's insert and update. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("id", this.id);
		columns.put("interview_id", this.interviewId);
		columns.put("candidate_name", this.candidateName);
		columns.put("resume_text", this.resumeText);
		columns.put("practice", this.practice);
		columns.put("room_name", this.roomName);
		columns.put("token_digest", this.tokenDigest);
		columns.put("status", this.status.name());
		columns.put("failure", this.failure);
		columns.put("created_at", this.createdAt);
		columns.put("started_at", this.startedAt);
		columns.put("ended_at", this.endedAt);
		columns.put("resume_questions_status", this.resumeQuestionsStatus.name());
		columns.put("resume_questions_failure", this.resumeQuestionsFailure);
		columns.put("candidate_email", this.candidateEmail);
		columns.put("consent_version", this.consentVersion);
		columns.put("consented_at", this.consentedAt);
		return columns;
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
