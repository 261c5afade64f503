package ai.flo.interviewer.agent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param name the agent name the worker registers under and tokens dispatch to
 * @param useLegacyAgent {@code USE_LEGACY_AGENT}: the simpler prompt-only interviewer
 */
@Validated
@ConfigurationProperties("flo.agent")
record AgentProperties(@DefaultValue("interviewer") @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String name,
		@DefaultValue("false") boolean useLegacyAgent) {
}
