package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.PermanentJobFailure;

import org.springframework.stereotype.Component;

/**
 * The fairness guard's counterfactual check, a durable job: the analysis run's verbatim
 * transcript with the candidate's name and background swapped ({@link Counterfactual}) is
 * assessed again by the skills step ({@link Assessment#skillsOf}, the same prompt and
 * evidence check), and each skill's score compared with the report's. Every difference
 * within the tolerance passes; any larger one, or a skill scored in one and not the
 * other, flags the check. A provider failure that retrying cannot fix, or the last
 * attempt's, fails the check with its reason: no score is ever made up.
 */
@Component
class FairnessCheck implements JobHandler {

	private static final Logger log = LoggerFactory.getLogger(FairnessCheck.class);

	private final FairnessChecks checks;

	private final AnalysisStore store;

	private final Assessment assessment;

	private final JsonMapper json;

	private final Counterfactual list = Counterfactual.standard();

	FairnessCheck(FairnessChecks checks, AnalysisStore store, Assessment assessment, JsonMapper json) {
		this.checks = checks;
		this.store = store;
		this.assessment = assessment;
		this.json = json;
	}

	Counterfactual list() {
		return this.list;
	}

	@Override
	public String type() {
		return FairnessChecks.JOB_TYPE;
	}

	@Override
	public String run(JobContext context) {
		FairnessChecks.Check check = this.checks.find(checkId(context.payload())).orElse(null);
		if (check == null || check.finished()) {
			return null;
		}
		this.checks.running(check.id());
		context.progress("re-assessing the counterfactual transcript", 10);
		AnalysisStore.Analysis analysis = this.store.find(check.analysisId())
			.orElseThrow(() -> fail(check, "The analysis no longer exists."));
		AnalysisReport report = this.store.report(check.analysisId(), check.run())
			.map((stored) -> this.json.readValue(stored, AnalysisReport.class))
			.orElseThrow(() -> fail(check, "Run " + check.run() + " of the analysis has no report."));
		AnalysisStore.StoredTranscript transcript = this.store.transcript(check.analysisId())
			.orElseThrow(() -> fail(check, "The analysis has no transcript."));
		String name = check.request().candidateName();
		String other = (check.request().counterfactualName() != null) ? check.request().counterfactualName()
				: this.list.counterfactualName(name);
		Counterfactual.Swapped swapped = this.list.apply(transcript.segments(), name, other);
		List<AnalysisReport.SkillAssessment> counterfactual;
		try {
			counterfactual = this.assessment.skillsOf(analysis, swapped.segments(), transcript.speakersKnown());
		}
		catch (RuntimeException ex) {
			String reason = AnalysisPipeline.reason(ex);
			if (!AnalysisPipeline.retryable(ex) || context.attempt() >= context.maxAttempts()) {
				log.warn("Fairness check {} of analysis {} failed: {}", check.id(), check.analysisId(), reason);
				throw fail(check, reason);
			}
			log.info("Fairness check {}: attempt {} failed ({}); the job will retry", check.id(), context.attempt(),
					reason);
			throw ex;
		}
		FairnessChecks.Result result = compare(report.skills(), counterfactual, check.tolerance(), swapped,
				(name != null) ? null : "no candidate name was known: only the list's terms were swapped");
		String verdict = result.skills().stream().allMatch(AnalysisReport.FairnessSkill::withinTolerance) ? "PASSED"
				: "FLAGGED";
		this.checks.completed(check.id(), verdict, result);
		log.info("Fairness check {} of analysis {} run {}: {}", check.id(), check.analysisId(), check.run(), verdict);
		return null;
	}

	@Override
	public void gaveUp(String payload, String reason) {
		this.checks.failed(checkId(payload), reason);
	}

	@Override
	public void retrying(String payload) {
		this.checks.requeued(checkId(payload));
	}

	private PermanentJobFailure fail(FairnessChecks.Check check, String reason) {
		this.checks.failed(check.id(), reason);
		return new PermanentJobFailure(reason);
	}

	private String checkId(String payload) {
		return this.json.readTree(payload).path("checkId").asString();
	}

	/**
	 * Per skill of the report, in its order (then any the model named only for the
	 * counterfactual): both scores and their difference.
	 */
	static FairnessChecks.Result compare(List<AnalysisReport.SkillAssessment> original,
			List<AnalysisReport.SkillAssessment> counterfactual, double tolerance, Counterfactual.Swapped swapped,
			String note) {
		Map<String, AnalysisReport.SkillAssessment> other = new LinkedHashMap<>();
		counterfactual.forEach((s) -> other.putIfAbsent(key(s.skill()), s));
		List<AnalysisReport.FairnessSkill> skills = new ArrayList<>();
		for (AnalysisReport.SkillAssessment skill : original) {
			AnalysisReport.SkillAssessment twin = other.remove(key(skill.skill()));
			skills.add(skill(skill.skill(), skill.score(), (twin != null) ? twin.score() : null, tolerance,
					(twin != null) ? twin.absentReason() : "the model did not assess it in the counterfactual",
					skill.absentReason()));
		}
		for (AnalysisReport.SkillAssessment twin : other.values()) {
			skills.add(skill(twin.skill(), null, twin.score(), tolerance, twin.absentReason(),
					"not in the report (the model named it only for the counterfactual)"));
		}
		List<AnalysisReport.FairnessSubstitution> substitutions = swapped.applied()
			.stream()
			.map((a) -> new AnalysisReport.FairnessSubstitution(a.category(), a.from(), a.to(), a.count()))
			.toList();
		String notes = (swapped.total() == 0)
				? "no term of the list occurs in the transcript: the differences are the model's own variation" : null;
		if (note != null) {
			notes = (notes != null) ? notes + "; " + note : note;
		}
		return new FairnessChecks.Result(skills, substitutions, notes);
	}

	private static AnalysisReport.FairnessSkill skill(String name, Integer original, Integer counterfactual,
			double tolerance, String counterfactualAbsent, String originalAbsent) {
		if (original != null && counterfactual != null) {
			int difference = counterfactual - original;
			return new AnalysisReport.FairnessSkill(name, original, counterfactual, difference,
					Math.abs(difference) <= tolerance, null);
		}
		if (original == null && counterfactual == null) {
			return new AnalysisReport.FairnessSkill(name, null, null, null, true, "scored in neither");
		}
		String note = (original == null) ? "scored only in the counterfactual (report: " + reason(originalAbsent) + ")"
				: "scored only in the report (counterfactual: " + reason(counterfactualAbsent) + ")";
		return new AnalysisReport.FairnessSkill(name, original, counterfactual, null, false, note);
	}

	private static String reason(String reason) {
		return (reason != null && !reason.isBlank()) ? reason : "no reason given";
	}

	private static String key(String skill) {
		return skill.strip().toLowerCase(Locale.ROOT);
	}

}
