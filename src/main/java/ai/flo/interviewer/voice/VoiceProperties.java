package ai.flo.interviewer.voice;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the voice interviewer listens, speaks and keeps time.
 *
 * @param minEndpointingDelay silence after speech before the turn may end (when the words
 * look finished)
 * @param maxEndpointingDelay longest wait for more when the words look unfinished ("and
 * ...", "so ...")
 * @param bargeInMinSpeech candidate speech this long while the agent talks stops the
 * agent
 * @param nudgeAfter silence after a question before a gentle nudge
 * @param silenceEnd silence after which the interview ends politely
 * @param maxFollowUps follow-up questions allowed per planned question
 * @param maxHints hints allowed per planned question
 * @param candidateTimeout how long to wait for the candidate to join
 */
@Validated
@ConfigurationProperties("flo.voice")
public record VoiceProperties(@DefaultValue("500ms") @NotNull Duration minEndpointingDelay,
		@DefaultValue("3s") @NotNull Duration maxEndpointingDelay,
		@DefaultValue("600ms") @NotNull Duration bargeInMinSpeech, @DefaultValue("9s") @NotNull Duration nudgeAfter,
		@DefaultValue("45s") @NotNull Duration silenceEnd, @DefaultValue("2") @Min(0) @Max(5) int maxFollowUps,
		@DefaultValue("1") @Min(0) @Max(3) int maxHints, @DefaultValue("2m") @NotNull Duration candidateTimeout) {
}
