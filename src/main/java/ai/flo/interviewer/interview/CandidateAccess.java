package ai.flo.interviewer.interview;

import java.time.Clock;

import ai.flo.interviewer.livekit.LiveKitRooms;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a candidate may ask with an access code before joining: what the interview is
 * (without spending a use of the code), and the text of their resume PDF. Each request
 * counts as an attempt of the address in the join's rate limit ({@link JoinRateLimiter}):
 * a look-up tells a valid code from an unknown one, as a join does.
 */
@Service
class CandidateAccess {

	private final InterviewRepository interviews;

	private final JoinRateLimiter limiter;

	private final LiveKitRooms rooms;

	private final InterviewProperties properties;

	private final Clock clock;

	CandidateAccess(InterviewRepository interviews, JoinRateLimiter limiter, LiveKitRooms rooms,
			InterviewProperties properties, Clock clock) {
		this.interviews = interviews;
		this.limiter = limiter;
		this.rooms = rooms;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * What a candidate is told before joining.
	 *
	 * @param role the role interviewed for
	 * @param lengthMinutes how long the interview lasts
	 * @param practiceAllowed whether a practice interview may be taken first
	 * @param maxResumeChars the longest resume text the join accepts
	 */
	record Preview(String role, int lengthMinutes, boolean practiceAllowed, int maxResumeChars) {
	}

	/**
	 * The interview behind a code, as long as the code would admit a candidate now.
	 * LiveKit must be configured: a candidate should hear that interviews cannot start
	 * before filling in the form, not after.
	 */
	@Transactional(readOnly = true)
	Preview preview(String typedCode, String clientAddress) {
		this.limiter.attempt(clientAddress);
		this.rooms.ensureConfigured();
		Interview interview = admitting(typedCode);
		return new Preview(interview.role(), interview.lengthMinutes(), interview.practiceAllowed(),
				this.properties.maxResumeChars());
	}

	/** The text of a resume PDF, for a candidate whose code would admit them. */
	@Transactional(readOnly = true)
	ResumePdf.Text resumeText(String typedCode, byte[] pdf, String clientAddress) {
		this.limiter.attempt(clientAddress);
		admitting(typedCode);
		return ResumePdf.read(pdf, this.properties.maxResumeChars());
	}

	private Interview admitting(String typedCode) {
		String code = AccessCodes.normalize(typedCode);
		if (code == null) {
			throw new InterviewProblem.CodeUnknown();
		}
		Interview interview = this.interviews.findByCodeDigest(AccessCodes.digest(code))
			.orElseThrow(InterviewProblem.CodeUnknown::new);
		Interview.Refusal refusal = interview.refusal(this.clock.instant());
		if (refusal != null) {
			throw new InterviewProblem.CodeRefused(refusal);
		}
		return interview;
	}

}
