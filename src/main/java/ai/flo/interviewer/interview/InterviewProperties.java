package ai.flo.interviewer.interview;

import ai.flo.interviewer.hiring.SkillLevel;
import ai.flo.interviewer.shared.ConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Defaults for interviews that do not say: {@code INTERVIEW_ROLE} and {@code INTERVIEW_SKILL_LEVEL}.
 *
 * @param defaultRole the role interviewed for
 * @param defaultSkillLevel the level, as text (see {@link SkillLevel#parse})
 */
@ConfigurationProperties("flo.interview")
public record InterviewProperties(String defaultRole, String defaultSkillLevel) {

	static final int MAX_ROLE_LENGTH = 200;

	public InterviewProperties {
		defaultRole = (defaultRole == null || defaultRole.isBlank()) ? "Software Engineer" : defaultRole.strip();
		if (defaultRole.length() > MAX_ROLE_LENGTH) {
			throw new ConfigurationException("INTERVIEW_ROLE", "is longer than " + MAX_ROLE_LENGTH + " characters.",
					"Set INTERVIEW_ROLE to a job title such as \"Backend Engineer\".");
		}
		if (defaultSkillLevel != null && !defaultSkillLevel.isBlank() && SkillLevel.parse(defaultSkillLevel).isEmpty()) {
			throw new ConfigurationException("INTERVIEW_SKILL_LEVEL", "'" + defaultSkillLevel + "' is not a skill level.",
					"Set INTERVIEW_SKILL_LEVEL to one of " + SkillLevel.accepted() + ".");
		}
	}

	public SkillLevel skillLevel() {
		return SkillLevel.parse(this.defaultSkillLevel).orElse(SkillLevel.INTERMEDIATE);
	}

}
