package ai.flo.interviewer.analysis;

import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.jobs.JobQueue;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every change of an analysis's status, and of its session's analysis state, goes through
 * here: queued with its first stage, on to the next stage, progress, failed with a
 * reason, completed with its report, a new run, a run reopened. A stage's job is enqueued
 * in the transaction that stores what the stage before it made, so a stage runs if and
 * only if its input exists.
 */
@Component
class AnalysisLifecycle {

	private final AnalysisStore store;

	private final JobQueue jobs;

	private final SessionRecords sessions;

	private final ApplicationEventPublisher events;

	AnalysisLifecycle(AnalysisStore store, JobQueue jobs, SessionRecords sessions, ApplicationEventPublisher events) {
		this.events = events;
		this.store = store;
		this.jobs = jobs;
		this.sessions = sessions;
	}

	/**
	 * A new analysis, QUEUED, with its first stage's job. Joins the caller's transaction.
	 */
	@Transactional
	void queued(AnalysisStore.Analysis analysis, AnalysisStage first) {
		this.store.insert(analysis);
		enqueue(analysis, first);
	}

	/** The first stage started: the session (if any) is ANALYSING. */
	void started(AnalysisStore.Analysis analysis) {
		if (analysis.sessionId() != null) {
			this.sessions.analysis(analysis.sessionId(), SessionRecords.AnalysisState.ANALYSING, null);
		}
	}

	/**
	 * A stage is done: {@code save} stores what it made and the next stage's job is
	 * enqueued, in one transaction.
	 */
	@Transactional
	void next(AnalysisStore.Analysis analysis, AnalysisStage stage, Runnable save) {
		save.run();
		enqueue(analysis, stage);
	}

	/**
	 * Progress, unless the analysis has finished (a late writer cannot undo a failure).
	 */
	void progress(String id, String what, int percent) {
		this.store.progress(id, what, percent);
	}

	/** The analysis failed while in {@code stage}; so did its session's analysis. */
	void failed(AnalysisStore.Analysis analysis, AnalysisStage stage, String reason) {
		this.store.failed(analysis.id(), stage.label(), reason);
		if (analysis.sessionId() != null) {
			this.sessions.analysis(analysis.sessionId(), SessionRecords.AnalysisState.FAILED, reason);
		}
		this.events.publishEvent(new AnalysisFinished(analysis.id(), analysis.sessionId(), analysis.recordId(),
				analysis.run(), false, null, reason));
	}

	/** The run's report is stored and the analysis COMPLETED; its session ANALYSED. */
	void completed(AnalysisStore.Analysis analysis, AnalysisReport report, String reportJson) {
		this.store.completed(analysis.id(), analysis.run(), reportJson);
		if (analysis.sessionId() != null) {
			this.sessions.analysis(analysis.sessionId(), SessionRecords.AnalysisState.ANALYSED, null);
		}
		this.events.publishEvent(new AnalysisFinished(analysis.id(), analysis.sessionId(), analysis.recordId(),
				analysis.run(), true, report.scorecard().overall(), null));
	}

	/**
	 * Starts the next run of a finished analysis, from the first stage whose input is not
	 * stored yet.
	 * @return false when the analysis changed meanwhile (another re-run, still running)
	 */
	@Transactional
	boolean rerun(AnalysisStore.Analysis analysis) {
		AnalysisStage first = AnalysisStage.rerunFrom(this.store.transcript(analysis.id()).isPresent(),
				!this.store.chunks(analysis.id()).isEmpty());
		int next = analysis.run() + 1;
		boolean started = this.store.nextRun(analysis.id(), analysis.run(),
				() -> this.jobs.enqueue(first.jobType(), new AnalysisStage.Job(analysis.id(), next).payload()));
		if (started && analysis.sessionId() != null) {
			this.sessions.analysis(analysis.sessionId(), SessionRecords.AnalysisState.ANALYSING, null);
		}
		return started;
	}

	/**
	 * A failed run's job was put back in the queue by hand: the run is in progress again.
	 */
	void reopened(AnalysisStore.Analysis analysis) {
		if (this.store.reopen(analysis.id(), analysis.run()) && analysis.sessionId() != null) {
			this.sessions.analysis(analysis.sessionId(), SessionRecords.AnalysisState.ANALYSING, null);
		}
	}

	private void enqueue(AnalysisStore.Analysis analysis, AnalysisStage stage) {
		this.jobs.enqueue(stage.jobType(), new AnalysisStage.Job(analysis.id(), analysis.run()).payload());
	}

}
