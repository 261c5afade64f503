package ai.flo.interviewer.analysis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.PermanentJobFailure;
import ai.flo.interviewer.llm.LlmException;
import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import ai.flo.interviewer.speech.SpeechException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The analysis stages ({@link AnalysisStage}) as durable jobs: {@link Preparation},
 * {@link Transcription}, then the assessment and the report. A stage that runs again
 * skips what is already stored. A failure that retrying cannot fix (or the last attempt)
 * marks the analysis FAILED with its reason, as does a job that gives up for any other
 * reason (its workers kept dying).
 */
@Configuration(proxyBeanMethods = false)
class AnalysisPipeline {

	private static final Logger log = LoggerFactory.getLogger(AnalysisPipeline.class);

	private final AnalysisStore store;

	private final AnalysisLifecycle lifecycle;

	private final Preparation preparation;

	private final Transcription transcription;

	private final Assessment assessment;

	private final ReportFiles files;

	private final JsonMapper json;

	private final java.time.Clock clock;

	AnalysisPipeline(AnalysisStore store, AnalysisLifecycle lifecycle, Preparation preparation,
			Transcription transcription, Assessment assessment, ReportFiles files, JsonMapper json,
			java.time.Clock clock) {
		this.store = store;
		this.lifecycle = lifecycle;
		this.preparation = preparation;
		this.transcription = transcription;
		this.assessment = assessment;
		this.files = files;
		this.json = json;
		this.clock = clock;
	}

	@Bean
	JobHandler prepareAnalysis() {
		return handler(AnalysisStage.PREPARE,
				(analysis, context, progress) -> this.preparation.run(analysis, progress));
	}

	@Bean
	JobHandler transcribeAnalysis() {
		return handler(AnalysisStage.TRANSCRIBE, this.transcription::run);
	}

	@Bean
	JobHandler assessAnalysis() {
		return handler(AnalysisStage.ASSESS, this::assess);
	}

	/**
	 * A stage: finds the analysis of the payload's run, runs the stage, and turns
	 * failures into a FAILED analysis.
	 */
	private JobHandler handler(AnalysisStage stage, Work work) {
		return new JobHandler() {

			@Override
			public String type() {
				return stage.jobType();
			}

			@Override
			public void gaveUp(String payload, String reason) {
				AnalysisStore.Analysis analysis = current(payload);
				if (analysis != null && !analysis.status().finished()) {
					log.warn("Analysis {} failed while {}: its job gave up ({})", analysis.id(), stage.label(), reason);
					AnalysisPipeline.this.lifecycle.failed(analysis, stage, reason);
				}
			}

			@Override
			public void retrying(String payload) {
				AnalysisStore.Analysis analysis = current(payload);
				if (analysis != null) {
					AnalysisPipeline.this.lifecycle.reopened(analysis);
				}
			}

			@Override
			public String run(JobContext context) {
				AnalysisStore.Analysis analysis = current(context.payload());
				if (analysis == null || analysis.status().finished()) {
					return null;
				}
				Progress progress = (what, percent) -> {
					AnalysisPipeline.this.lifecycle.progress(analysis.id(), what, percent);
					context.progress(what, percent);
				};
				try {
					work.run(analysis, context, progress);
					return null;
				}
				catch (PermanentJobFailure ex) {
					AnalysisPipeline.this.lifecycle.failed(analysis, stage, ex.getMessage());
					throw ex;
				}
				catch (RuntimeException ex) {
					String reason = reason(ex);
					if (!retryable(ex) || context.attempt() >= context.maxAttempts()) {
						log.warn("Analysis {} failed while {}: {}", analysis.id(), stage.label(), reason);
						AnalysisPipeline.this.lifecycle.failed(analysis, stage, reason);
						throw new PermanentJobFailure(reason, ex);
					}
					log.info("Analysis {}: {} failed on attempt {} ({}); the job will retry", analysis.id(),
							stage.label(), context.attempt(), reason);
					throw ex;
				}
			}

		};
	}

	/** The analysis of a job's payload, when the job is for its current run. */
	private AnalysisStore.Analysis current(String payload) {
		AnalysisStage.Job job = AnalysisStage.Job.parse(this.json, payload);
		return this.store.find(job.analysisId()).filter((analysis) -> analysis.run() == job.run()).orElse(null);
	}

	/** What a stage does with its analysis. */
	@FunctionalInterface
	interface Work {

		void run(AnalysisStore.Analysis analysis, JobContext context, Progress progress);

	}

	/** Whether another attempt may succeed (a provider's passing trouble). */
	static boolean retryable(RuntimeException ex) {
		Throwable cause = (ex instanceof Assessment.StepFailure step) ? step.getCause() : ex;
		if (cause instanceof ProviderNotConfiguredException || cause instanceof MediaTools.MediaException
				|| cause instanceof AnalysisProblem) {
			return false;
		}
		if (cause instanceof LlmException llm) {
			return llm.retryable();
		}
		if (cause instanceof SpeechException speech) {
			return speech.retryable();
		}
		return true;
	}

	static String reason(RuntimeException ex) {
		if (ex instanceof Assessment.StepFailure step) {
			return "The LLM step '" + step.step() + "' failed: " + step.getMessage();
		}
		return ((ex.getMessage() != null) ? ex.getMessage() : ex.toString());
	}

	private void assess(AnalysisStore.Analysis analysis, JobContext context, Progress progress) {
		String id = analysis.id();
		AnalysisStore.StoredTranscript transcript = this.store.transcript(id)
			.orElseThrow(
					() -> new PermanentJobFailure("The analysis has no transcript (transcription did not finish)."));
		this.files.transcript(id, transcript.segments(), transcript.timed());
		AnalysisReport report = this.assessment.run(analysis, transcript,
				(stage, percent) -> progress.report(stage, 80 + percent / 5));
		AnalysisReport done = report.completedAt(this.clock.millis());
		String reportJson = this.json.writeValueAsString(done);
		this.files.report(id, reportJson);
		this.lifecycle.completed(analysis, done, reportJson);
		log.info("Analysis {} run {} COMPLETED (overall {})", id, analysis.run(), done.scorecard().overall());
	}

}
