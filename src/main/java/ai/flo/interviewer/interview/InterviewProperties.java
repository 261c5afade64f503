package ai.flo.interviewer.interview;

import ai.flo.interviewer.hiring.SkillLevel;
import ai.flo.interviewer.shared.ConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Defaults for interviews that do not say: {@code INTERVIEW_ROLE} and
 * {@code INTERVIEW_SKILL_LEVEL}.
 *
 * @param defaultRole the role interviewed for
 * @param defaultSkillLevel the level, as text (see {@link SkillLevel#parse})
 * @param codeValidity how long a new access code works
 * @param codeMaxUses how many joins a new access code allows
 * @param joinAttemptsPerMinute join attempts allowed per client address and minute
 * @param maxResumeChars longest resume text a candidate may send
 * @param rejoinGrace how long a candidate who dropped out may come back to the same
 * interview ({@code FLO_VOICE_REJOIN_GRACE})
 * @param agentQuietAfter a live interview whose agent has not said it is alive for this
 * long is carried on by another agent (when the candidate is still there) or ended
 * @param reconcileEvery how often live sessions are checked for a quiet agent
 * @param tokenValidity how long a candidate's LiveKit token admits them to the room (a
 * connected client's token is refreshed by LiveKit; after a drop the candidate rejoins
 * with the session's token)
 */
@ConfigurationProperties("flo.interview")
public record InterviewProperties(String defaultRole, String defaultSkillLevel,
		@org.springframework.boot.context.properties.bind.DefaultValue("14d") java.time.Duration codeValidity,
		@org.springframework.boot.context.properties.bind.DefaultValue("1") int codeMaxUses,
		@org.springframework.boot.context.properties.bind.DefaultValue("10") int joinAttemptsPerMinute,
		@org.springframework.boot.context.properties.bind.DefaultValue("20000") int maxResumeChars,
		@org.springframework.boot.context.properties.bind.DefaultValue("2m") java.time.Duration rejoinGrace,
		@org.springframework.boot.context.properties.bind.DefaultValue("20s") java.time.Duration agentQuietAfter,
		@org.springframework.boot.context.properties.bind.DefaultValue("10s") java.time.Duration reconcileEvery,
		@org.springframework.boot.context.properties.bind.DefaultValue("15m") java.time.Duration tokenValidity) {

	static final int MAX_ROLE_LENGTH = 200;

	public InterviewProperties {
		defaultRole = (defaultRole == null || defaultRole.isBlank()) ? null : defaultRole.strip();
		if (defaultRole != null && defaultRole.length() > MAX_ROLE_LENGTH) {
			throw new ConfigurationException("INTERVIEW_ROLE", "is longer than " + MAX_ROLE_LENGTH + " characters.",
					"Set INTERVIEW_ROLE to a job title such as \"Backend Engineer\".");
		}
		if (codeValidity == null || codeValidity.isNegative() || codeValidity.isZero() || codeMaxUses < 1
				|| joinAttemptsPerMinute < 1 || maxResumeChars < 0) {
			throw new ConfigurationException("FLO_INTERVIEW_*",
					"code validity, code uses, join attempts must be positive (resume size zero or more).",
					"Fix FLO_INTERVIEW_CODE_VALIDITY, FLO_INTERVIEW_CODE_MAX_USES, FLO_INTERVIEW_JOIN_ATTEMPTS_PER_MINUTE, FLO_INTERVIEW_MAX_RESUME_CHARS.");
		}
		if (defaultSkillLevel != null && !defaultSkillLevel.isBlank()
				&& SkillLevel.parse(defaultSkillLevel).isEmpty()) {
			throw new ConfigurationException("INTERVIEW_SKILL_LEVEL",
					"'" + defaultSkillLevel + "' is not a skill level.",
					"Set INTERVIEW_SKILL_LEVEL to one of " + SkillLevel.accepted() + ".");
		}
	}

	public SkillLevel skillLevel() {
		return SkillLevel.parse(this.defaultSkillLevel).orElse(SkillLevel.INTERMEDIATE);
	}

}
