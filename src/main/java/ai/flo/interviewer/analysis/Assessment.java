package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.hiring.JobRecords;
import ai.flo.interviewer.interview.SessionPlans;
import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.llm.Prompt;
import ai.flo.interviewer.shared.LogContext;

import org.springframework.stereotype.Component;

/**
 * The LLM part of an analysis. Steps that do not depend on each other run in parallel;
 * each step's answer is stored as soon as it arrives, so a retried or resumed job asks
 * only for what is missing. Every step reads the verbatim transcript. Scores come from
 * the model but are kept only with evidence found in what the candidate said
 * ({@link EvidenceCheck}); the model's cleaned text is a reading aid checked by
 * {@link CleaningGuard}; the scorecard and communication metrics are computed here. An
 * interview session with a recorded plan is graded on it ({@link PlanGrading}) instead of
 * on questions the model finds in the transcript, and every session's report carries its
 * proctoring integrity score.
 */
@Component
class Assessment {

	private final LlmGateway llm;

	private final AnalysisStore store;

	private final AnalysisProperties properties;

	private final JsonMapper json;

	private final JobRecords records;

	private final SessionPlans plans;

	private final SessionRecords sessions;

	Assessment(LlmGateway llm, AnalysisStore store, AnalysisProperties properties, JsonMapper json, JobRecords records,
			SessionPlans plans, SessionRecords sessions) {
		this.plans = plans;
		this.sessions = sessions;
		this.llm = llm;
		this.store = store;
		this.properties = properties;
		this.json = json;
		this.records = records;
	}

	AnalysisReport run(AnalysisStore.Analysis analysis, AnalysisStore.StoredTranscript raw, Progress progress) {
		List<AnalysisReport.Segment> verbatim = raw.segments();
		AnalysisReport.Assessability assessability = CandidateSpeech.assess(verbatim, raw.speakersKnown(),
				this.properties.fillerWords(), this.properties.minCandidateWords());
		AnalysisReport.Integrity integrity = InstructionCheck.integrity(verbatim, raw.speakersKnown());
		AnalysisReport.CommunicationMetrics metrics = Metrics.compute(verbatim, raw.timed(), raw.speakersKnown(),
				this.properties.fillerWords(), this.properties.longPause().toMillis());
		AnalysisReport.Source source = new AnalysisReport.Source(analysis.kind().name(), analysis.fileName(),
				analysis.durationMs(), analysis.jobRole(), analysis.sessionId(), analysis.recordId());
		List<SessionPlans.PlanQuestion> recorded = (analysis.sessionId() != null)
				? this.plans.read(analysis.sessionId()) : List.of();
		PlanGrading planGrading = recorded.isEmpty() ? null : new PlanGrading(recorded, verbatim, raw.speakersKnown());
		String endReason = (planGrading != null) ? this.plans.endReason(analysis.sessionId()).orElse(null) : null;
		AnalysisReport.ProctoringReport proctoring = proctoring(analysis);
		if (!assessability.assessable()) {
			AnalysisReport.PlanReport plan = (planGrading != null)
					? PlanGrading.report(planGrading.ungraded("not assessable: " + assessability.reason()), endReason)
					: null;
			return notAssessable(analysis, source, verbatim, assessability, integrity, metrics, plan, proctoring);
		}
		ExecutorService pool = Executors.newFixedThreadPool(this.properties.analysisConcurrency(),
				LogContext.pool("assess-" + analysis.id(), true));
		try {
			String id = analysis.id();
			int run = analysis.run();
			// Every step reads the verbatim transcript. The cleaned text is only a
			// reading aid, asked for beside the other steps, not before them.
			AnalysisPrompts.Context context = new AnalysisPrompts.Context(analysis.jobRole(), analysis.skills(),
					raw.speakersKnown(), verbatim);
			progress.report("assessing skills, questions and insights", 5);
			List<CompletableFuture<AnalysisPrompts.Cleaned>> batches = new ArrayList<>();
			for (int from = 0; from < verbatim.size(); from += AnalysisPrompts.CLEAN_BATCH) {
				List<AnalysisReport.Segment> batch = verbatim.subList(from,
						Math.min(verbatim.size(), from + AnalysisPrompts.CLEAN_BATCH));
				batches.add(step(pool, id, run, "clean-" + (from / AnalysisPrompts.CLEAN_BATCH),
						AnalysisPrompts.Cleaned.class, () -> AnalysisPrompts.clean(context, batch)));
			}
			var skills = step(pool, id, run, "skills", AnalysisPrompts.Skills.class,
					() -> AnalysisPrompts.skills(context));
			// A session with a recorded plan is graded on it; otherwise the model lists
			// the
			// questions it finds in the transcript.
			var questions = (planGrading == null) ? step(pool, id, run, "questions", AnalysisPrompts.Questions.class,
					() -> AnalysisPrompts.questions(context)) : null;
			var planned = (planGrading != null && planGrading.anythingToGrade()) ? step(pool, id, run, "plan",
					AnalysisPrompts.PlanGrades.class, () -> AnalysisPrompts.plan(context, planGrading.promptText()))
					: null;
			var insights = step(pool, id, run, "insights", AnalysisPrompts.InsightsAnswer.class,
					() -> AnalysisPrompts.insights(context));
			var feedback = step(pool, id, run, "feedback", AnalysisPrompts.Feedback.class,
					() -> AnalysisPrompts.feedback(context));
			Map<Integer, String> proposals = new HashMap<>();
			AnalysisReport.ReadingAid readingAid;
			try {
				for (CompletableFuture<AnalysisPrompts.Cleaned> batch : batches) {
					join(batch, "cleaning the transcript").lines()
						.forEach((line) -> proposals.putIfAbsent(line.index(), line.text()));
				}
				readingAid = new CleaningGuard(this.properties.fillerWords()).readingAid(verbatim, proposals);
			}
			catch (StepFailure ex) {
				// A reading aid is not the record: without it the report is still whole.
				proposals.clear();
				readingAid = new AnalysisReport.ReadingAid("FAILED",
						"The LLM step '" + ex.step() + "' failed: " + ex.getMessage(), 0, 0, 0, 0, List.of());
			}
			EvidenceCheck evidence = new EvidenceCheck(verbatim, raw.speakersKnown(), proposals, integrity);
			List<AnalysisReport.SkillAssessment> skillResults = skills(join(skills, "assessing skills"),
					analysis.skills(), evidence);
			AnalysisReport.PlanReport plan = null;
			List<AnalysisReport.QuestionAnswer> qaResults;
			if (planGrading != null) {
				List<AnalysisReport.PlanQuestion> graded = (planned != null)
						? planGrading.graded(join(planned, "grading the answers on the plan"), evidence)
						: planGrading.ungraded(null);
				plan = PlanGrading.report(graded, endReason);
				qaResults = PlanGrading.questionAnswers(graded);
			}
			else {
				qaResults = questions(join(questions, "grading the answers"), evidence, verbatim);
			}
			AnalysisReport.Insights insightResult = insights(join(insights, "writing the insights"));
			AnalysisPrompts.Feedback feedbackResult = join(feedback, "writing the candidate's feedback");
			progress.report("writing the executive summary", 75);
			AnalysisReport.Scorecard scorecard = Scoring.scorecard(skillResults, qaResults, insightResult,
					weights(analysis), this.properties.scorecardMinCoverage());
			// The summary rests on verified quotes: an unverified one is no finding.
			String findings = this.json
				.writeValueAsString(Map.of("skills", skillResults.stream().map(Assessment::verifiedOnly).toList(),
						"questions", qaResults.stream().map(Assessment::verifiedOnly).toList(), "insights",
						insightResult, "scorecard", scorecard));
			AnalysisPrompts.Summary summary = join(step(pool, id, run, "summary", AnalysisPrompts.Summary.class,
					() -> AnalysisPrompts.summary(context, findings)), "writing the executive summary");
			return new AnalysisReport(id, run, 0L, source, verbatim, readingAid, assessability, integrity, skillResults,
					qaResults, insightResult, summary.summary(), scorecard, metrics,
					new AnalysisReport.CandidateFeedback(feedbackResult.summary(), feedbackResult.strengths(),
							feedbackResult.improvements()),
					plan, proctoring, null, null);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * The skills step alone, on a transcript of the caller's (the fairness check's
	 * counterfactual): the same prompt, schema and evidence check as {@link #run}, its
	 * answer not stored as a step of the run.
	 * @throws StepFailure when the LLM call fails (after the gateway's retries)
	 */
	List<AnalysisReport.SkillAssessment> skillsOf(AnalysisStore.Analysis analysis,
			List<AnalysisReport.Segment> transcript, boolean speakersKnown) {
		AnalysisPrompts.Context context = new AnalysisPrompts.Context(analysis.jobRole(), analysis.skills(),
				speakersKnown, transcript);
		AnalysisPrompts.Skills answer;
		try {
			answer = this.llm.structured(LlmTask.ANALYSIS, AnalysisPrompts.skills(context),
					AnalysisPrompts.Skills.class);
		}
		catch (RuntimeException ex) {
			throw new StepFailure("skills", ex);
		}
		EvidenceCheck evidence = new EvidenceCheck(transcript, speakersKnown, Map.of(),
				InstructionCheck.integrity(transcript, speakersKnown));
		return skills(answer, analysis.skills(), evidence);
	}

	/**
	 * The report of a transcript in which the candidate said too little: no model step is
	 * asked, every skill and the overall are absent with the reason, and what our code
	 * computes (metrics, integrity) is still there.
	 */
	private AnalysisReport notAssessable(AnalysisStore.Analysis analysis, AnalysisReport.Source source,
			List<AnalysisReport.Segment> verbatim, AnalysisReport.Assessability assessability,
			AnalysisReport.Integrity integrity, AnalysisReport.CommunicationMetrics metrics,
			AnalysisReport.PlanReport plan, AnalysisReport.ProctoringReport proctoring) {
		String reason = "not assessable: " + assessability.reason();
		List<AnalysisReport.SkillAssessment> skills = analysis.skills()
			.stream()
			.map((name) -> new AnalysisReport.SkillAssessment(name, null, null, null, List.of(), List.of(), reason))
			.toList();
		return new AnalysisReport(analysis.id(), analysis.run(), 0L, source, verbatim,
				new AnalysisReport.ReadingAid("NOT_ASKED", reason, 0, 0, 0, 0, List.of()), assessability, integrity,
				skills, (plan != null) ? PlanGrading.questionAnswers(plan.questions()) : List.of(), null, null,
				Scoring.absent(weights(analysis), reason), metrics, null, plan, proctoring, null, null);
	}

	/**
	 * A session's proctoring integrity score and breakdown; {@code null} for an upload,
	 * or a session that is gone.
	 */
	private AnalysisReport.ProctoringReport proctoring(AnalysisStore.Analysis analysis) {
		if (analysis.sessionId() == null) {
			return null;
		}
		try {
			SessionRecords.Integrity integrity = this.sessions.integrity(analysis.sessionId());
			return new AnalysisReport.ProctoringReport(integrity.score(), integrity.events(),
					integrity.breakdown()
						.stream()
						.map((i) -> new AnalysisReport.ProctoringItem(i.type(), i.count(), i.pointsEach(), i.penalty(),
								i.cap()))
						.toList());
		}
		catch (RuntimeException ex) {
			// The session was erased meanwhile: nothing to report on.
			return null;
		}
	}

	/**
	 * A step: its stored answer, or an LLM call whose answer is stored before it is used.
	 */
	private <T> CompletableFuture<T> step(ExecutorService pool, String id, int run, String name, Class<T> type,
			Supplier<Prompt> prompt) {
		return CompletableFuture.supplyAsync(() -> {
			var stored = this.store.step(id, run, name);
			if (stored.isPresent()) {
				return this.json.readValue(stored.get(), type);
			}
			T answer;
			try {
				answer = this.llm.structured(LlmTask.ANALYSIS, prompt.get(), type);
			}
			catch (RuntimeException ex) {
				throw new StepFailure(name, ex);
			}
			this.store.saveStep(id, run, name, this.json.writeValueAsString(answer));
			return answer;
		}, pool);
	}

	private static <T> T join(CompletableFuture<T> future, String what) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof StepFailure failure) {
				throw failure;
			}
			throw new StepFailure(what, (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex);
		}
	}

	private List<AnalysisReport.SkillAssessment> skills(AnalysisPrompts.Skills answer, List<String> asked,
			EvidenceCheck evidence) {
		Map<String, AnalysisPrompts.SkillItem> byName = new LinkedHashMap<>();
		answer.skills().forEach((item) -> byName.putIfAbsent(item.skill().strip().toLowerCase(Locale.ROOT), item));
		List<AnalysisReport.SkillAssessment> results = new ArrayList<>();
		List<String> names = asked.isEmpty() ? answer.skills().stream().map(AnalysisPrompts.SkillItem::skill).toList()
				: asked;
		for (String name : names) {
			AnalysisPrompts.SkillItem item = byName.get(name.strip().toLowerCase(Locale.ROOT));
			if (item == null) {
				results.add(new AnalysisReport.SkillAssessment(name, null, null, null, List.of(), List.of(),
						"the model returned no assessment for this skill"));
				continue;
			}
			List<AnalysisReport.Evidence> quotes = evidence.check(item.evidence());
			if (!item.assessable()) {
				results.add(new AnalysisReport.SkillAssessment(name, null, null, null, quotes, item.recommendations(),
						item.notAssessableReason().isBlank() ? "not shown in the interview"
								: item.notAssessableReason()));
			}
			else if (quotes.stream().noneMatch(AnalysisReport.Evidence::verified)) {
				results.add(new AnalysisReport.SkillAssessment(name, null, null, null, quotes, item.recommendations(),
						quotes.isEmpty() ? "the model gave a score without quoting evidence"
								: "none of the model's quotes was verified (" + reasons(quotes) + ")"));
			}
			else {
				results.add(new AnalysisReport.SkillAssessment(name, item.level().equals("NONE") ? null : item.level(),
						item.score(), item.confidence(), quotes, item.recommendations(), null));
			}
		}
		return results;
	}

	private List<AnalysisReport.QuestionAnswer> questions(AnalysisPrompts.Questions answer, EvidenceCheck evidence,
			List<AnalysisReport.Segment> verbatim) {
		List<AnalysisReport.QuestionAnswer> results = new ArrayList<>();
		for (AnalysisPrompts.QaItem item : answer.questions()) {
			Long askedAt = (item.askedAtLine() >= 0 && item.askedAtLine() < verbatim.size())
					? verbatim.get(item.askedAtLine()).startMs() : null;
			List<AnalysisReport.Evidence> quotes = evidence.check(item.evidence());
			String absent = null;
			if (!item.answered()) {
				absent = "not answered";
			}
			else if (quotes.stream().noneMatch(AnalysisReport.Evidence::verified)) {
				absent = quotes.isEmpty() ? "the model graded without quoting the answer"
						: "the quoted answer was not verified (" + reasons(quotes) + ")";
			}
			results.add(new AnalysisReport.QuestionAnswer(item.question(), askedAt, item.answerSummary(),
					(absent == null) ? item.grade() : null, item.gradeReason(), quotes, absent));
		}
		return results;
	}

	/** Why the quotes were not verified, each reason once. */
	private static String reasons(List<AnalysisReport.Evidence> quotes) {
		return String.join("; ", quotes.stream().map(AnalysisReport.Evidence::unverifiedReason).distinct().toList());
	}

	private static AnalysisReport.SkillAssessment verifiedOnly(AnalysisReport.SkillAssessment s) {
		return new AnalysisReport.SkillAssessment(s.skill(), s.level(), s.score(), s.confidence(),
				s.evidence().stream().filter(AnalysisReport.Evidence::verified).toList(), s.recommendations(),
				s.absentReason());
	}

	private static AnalysisReport.QuestionAnswer verifiedOnly(AnalysisReport.QuestionAnswer q) {
		return new AnalysisReport.QuestionAnswer(q.question(), q.askedAtMs(), q.answerSummary(), q.grade(),
				q.gradeReason(), q.evidence().stream().filter(AnalysisReport.Evidence::verified).toList(),
				q.absentReason());
	}

	private static AnalysisReport.Insights insights(AnalysisPrompts.InsightsAnswer answer) {
		return new AnalysisReport.Insights(answer.strengths(), answer.weaknesses(), answer.redFlags(),
				answer.communication(), answer.communicationAssessable() ? answer.communicationScore() : null,
				answer.hiringRecommendation(), answer.recommendationReason());
	}

	/**
	 * The weights for an analysis: its job record's own, when it has a record with
	 * weights, else the settings'.
	 */
	Scoring.Weights weights(AnalysisStore.Analysis analysis) {
		if (analysis.recordId() != null) {
			var own = this.records.scorecardWeights(analysis.recordId());
			if (own.isPresent()) {
				return new Scoring.Weights(own.get().skills(), own.get().questions(), own.get().communication(),
						"job record " + analysis.recordId());
			}
		}
		return Scoring.Weights.of(this.properties.weights());
	}

	/**
	 * A step that failed for good (after the gateway's retries), named for the analysis's
	 * error.
	 */
	static final class StepFailure extends RuntimeException {

		private final String step;

		StepFailure(String step, RuntimeException cause) {
			super(cause.getMessage(), cause);
			this.step = step;
		}

		String step() {
			return this.step;
		}

	}

}
