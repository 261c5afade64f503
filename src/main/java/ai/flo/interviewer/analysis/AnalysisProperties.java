package ai.flo.interviewer.analysis;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Recording analysis settings.
 *
 * @param maxUploadSize largest accepted upload (413 beyond it)
 * @param chunkMaxSize largest audio chunk sent to speech-to-text (the provider's limit)
 * @param chunkMaxDuration longest chunk (shorter chunks transcribe in parallel)
 * @param chunkOverlap audio shared by neighbouring chunks
 * @param silenceThresholdDb level below which audio counts as silence (after
 * normalisation)
 * @param silenceMinDuration shortest silence that may be a cut point
 * @param transcriptionConcurrency chunks transcribed at the same time (per analysis)
 * @param analysisConcurrency LLM steps run at the same time (per analysis)
 * @param minCandidateWords the fewest words (fillers not counted) the candidate must have
 * said for the interview to be assessed; below it the report says "not assessable"
 * @param longPause a gap before a candidate's speech at least this long counts as a long
 * pause
 * @param weights the scorecard's weights (a job record may have its own)
 * @param scorecardMinCoverage the share of the scorecard's weight (0 to 1) that must have
 * a score for an overall score; below it there is none, with the reason
 * @param candidateFeedbackVisible whether candidates may read their feedback
 * @param reportLinkValidity how long a shared report link works
 * @param fillerWords words and phrases counted as fillers
 * @param maxTranscriptSize largest transcript (text or PDF) and human evaluation accepted
 * @param mediaTimeout longest one ffmpeg run may take before it is killed
 * @param uploadChecks uploads checked (probe and full decode) at the same time; more
 * wait, and past a short wait are refused with 503
 * @param fairnessTolerance the largest difference in a skill's score (points of 100)
 * between the report and its fairness check's counterfactual that passes
 * @param decodePipeline whether the one decode of a recording runs as two ffmpeg
 * processes joined by a pipe (two cores: sooner done, more CPU in all) or as one
 */
@Validated
@ConfigurationProperties("flo.analysis")
public record AnalysisProperties(@DefaultValue("500MB") @NotNull DataSize maxUploadSize,
		@DefaultValue("25MB") @NotNull DataSize chunkMaxSize, @DefaultValue("10m") @NotNull Duration chunkMaxDuration,
		@DefaultValue("1s") @NotNull Duration chunkOverlap, @DefaultValue("-35") double silenceThresholdDb,
		@DefaultValue("400ms") @NotNull Duration silenceMinDuration,
		@DefaultValue("3") @Min(1) @Max(16) int transcriptionConcurrency,
		@DefaultValue("4") @Min(1) @Max(16) int analysisConcurrency,
		@DefaultValue("20") @Min(1) @Max(10_000) int minCandidateWords, @DefaultValue("3s") @NotNull Duration longPause,
		@Valid @NotNull Weights weights,
		@DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double scorecardMinCoverage,
		@DefaultValue("false") boolean candidateFeedbackVisible,
		@DefaultValue("7d") @NotNull Duration reportLinkValidity, @NotNull List<String> fillerWords,
		@DefaultValue("20MB") @NotNull DataSize maxTranscriptSize, @DefaultValue("10m") @NotNull Duration mediaTimeout,
		@DefaultValue("2") @Min(1) @Max(64) int uploadChecks,
		@DefaultValue("1") @DecimalMin("0") @DecimalMax("100") double fairnessTolerance,
		@DefaultValue("true") boolean decodePipeline) {

	/**
	 * Scorecard weights (relative: they need not add up to 1); a component without a
	 * score drops out and the rest are renormalised.
	 */
	public record Weights(@DecimalMin("0") double skills, @DecimalMin("0") double questions,
			@DecimalMin("0") double communication) {
	}

}
