package ai.flo.interviewer.analysis;

import java.time.Instant;
import java.util.List;

/**
 * The result of one analysis run, as stored, served as JSON and rendered as HTML and PDF.
 * A number that cannot be derived from the input is {@code null} with a reason beside it;
 * nothing here is a default.
 *
 * @param analysisId the analysis
 * @param run the run number (1 for the first; a re-run keeps earlier ones)
 * @param completedAt epoch milliseconds
 * @param source what was analysed
 * @param transcript the verbatim transcript, in time order: what speech-to-text heard, or
 * the uploaded or server-written transcript. It is the record: evidence, metrics and the
 * model's steps all use it
 * @param readingAid the model's cleaned reading of the transcript, line by line, kept
 * only where it says the same words; {@code null} in reports from before it existed
 * @param assessability whether the candidate said enough to assess, decided by our code
 * from the verbatim transcript; when not, no model step is asked and nothing is scored;
 * {@code null} in reports from before it existed
 * @param integrity what our code found in the verbatim transcript that a recruiter must
 * check (instruction-like text in the candidate's speech); {@code null} in reports from
 * before it existed
 * @param skills one assessment per skill asked for
 * @param questions the questions found in the interview, with their answers and grades
 * @param insights strengths, weaknesses, red flags, communication, hiring recommendation
 * @param executiveSummary a few paragraphs for a recruiter
 * @param scorecard the weighted scorecard
 * @param communication metrics computed from the transcript's timing and words (not by
 * the LLM)
 * @param candidateFeedback feedback meant for the candidate (hidden from them unless
 * enabled)
 * @param plan for an interview session with a recorded plan: each planned question, asked
 * (graded against its ideal answer) or not reached (never graded); {@code null} for other
 * analyses and reports from before it existed
 * @param proctoring for an interview session: its proctoring integrity score and how each
 * kind of event took from it; {@code null} for uploads and reports from before it existed
 * @param consent the candidate's consent to the interview, as the session stored it; not
 * stored with the run, added when the report is read ({@link Reports})
 * @param fairness the latest fairness check of this run, or {@code NOT_RUN}; added when
 * the report is read
 */
public record AnalysisReport(String analysisId, int run, long completedAt, Source source, List<Segment> transcript,
		ReadingAid readingAid, Assessability assessability, Integrity integrity, List<SkillAssessment> skills,
		List<QuestionAnswer> questions, Insights insights, String executiveSummary, Scorecard scorecard,
		CommunicationMetrics communication, CandidateFeedback candidateFeedback, PlanReport plan,
		ProctoringReport proctoring, Consent consent, Fairness fairness) {

	/** A report without a plan, proctoring, consent or fairness check (uploads). */
	public AnalysisReport(String analysisId, int run, long completedAt, Source source, List<Segment> transcript,
			ReadingAid readingAid, Assessability assessability, Integrity integrity, List<SkillAssessment> skills,
			List<QuestionAnswer> questions, Insights insights, String executiveSummary, Scorecard scorecard,
			CommunicationMetrics communication, CandidateFeedback candidateFeedback) {
		this(analysisId, run, completedAt, source, transcript, readingAid, assessability, integrity, skills, questions,
				insights, executiveSummary, scorecard, communication, candidateFeedback, null, null, null, null);
	}

	/** This report, completed at {@code epochMillis}. */
	AnalysisReport completedAt(long epochMillis) {
		return new AnalysisReport(this.analysisId, this.run, epochMillis, this.source, this.transcript, this.readingAid,
				this.assessability, this.integrity, this.skills, this.questions, this.insights, this.executiveSummary,
				this.scorecard, this.communication, this.candidateFeedback, this.plan, this.proctoring, this.consent,
				this.fairness);
	}

	/** This report with the session's consent and the run's fairness check. */
	AnalysisReport with(Consent consent, Fairness fairness) {
		return new AnalysisReport(this.analysisId, this.run, this.completedAt, this.source, this.transcript,
				this.readingAid, this.assessability, this.integrity, this.skills, this.questions, this.insights,
				this.executiveSummary, this.scorecard, this.communication, this.candidateFeedback, this.plan,
				this.proctoring, consent, fairness);
	}

	/**
	 * The candidate's consent to being recorded and assessed.
	 *
	 * @param recorded whether we hold the candidate's consent (given on the interview
	 * page before joining)
	 * @param version the version of the consent text agreed to, or {@code null}
	 * @param givenAt when, or {@code null}
	 * @param basis what this says, in words (for an upload: not recorded by us)
	 */
	public record Consent(boolean recorded, String version, Instant givenAt, String basis) {
	}

	/**
	 * A counterfactual fairness check of this run: the verbatim transcript re-assessed
	 * with the candidate's name and background swapped ({@link Counterfactual}), skill by
	 * skill.
	 *
	 * @param checkId the check, or {@code null} when not run
	 * @param status {@code NOT_RUN}, {@code QUEUED}, {@code RUNNING}, {@code COMPLETED}
	 * or {@code FAILED} (with {@code reason})
	 * @param run the analysis run checked
	 * @param verdict {@code PASSED} (every difference within the tolerance) or
	 * {@code FLAGGED}; {@code null} until completed
	 * @param tolerance the largest difference (score points) that passes
	 * @param listVersion the substitution list's version
	 * @param skills per skill: the scores and their difference
	 * @param substitutions what was swapped, how often
	 * @param reason why it failed, or a note on the result, or {@code null}
	 * @param requestedAt when it was asked for
	 * @param completedAt when it finished, or {@code null}
	 */
	public record Fairness(String checkId, String status, Integer run, String verdict, Double tolerance,
			String listVersion, List<FairnessSkill> skills, List<FairnessSubstitution> substitutions, String reason,
			Instant requestedAt, Instant completedAt) {

		static Fairness notRun() {
			return new Fairness(null, "NOT_RUN", null, null, null, null, List.of(), List.of(), null, null, null);
		}

	}

	/**
	 * @param skill the skill
	 * @param originalScore the report's score, or {@code null}
	 * @param counterfactualScore the score of the swapped transcript, or {@code null}
	 * @param difference counterfactual minus original, or {@code null} when either is
	 * missing
	 * @param withinTolerance whether this skill passes
	 * @param note why there is no difference, or {@code null}
	 */
	public record FairnessSkill(String skill, Integer originalScore, Integer counterfactualScore, Integer difference,
			boolean withinTolerance, String note) {
	}

	/**
	 * @param category name, pronoun, country, city, nationality, language, school or age
	 * @param from the term as the list has it (lower case)
	 * @param to what it became
	 * @param count how often, in the whole transcript
	 */
	public record FairnessSubstitution(String category, String from, String to, int count) {
	}

	/**
	 * @param kind RECORDING, TRANSCRIPT or SESSION
	 * @param fileName the uploaded file's (sanitised) name, or {@code null}
	 * @param durationMs the recording's duration, or {@code null} for a transcript
	 * without times
	 * @param jobRole the role interviewed for, or {@code null}
	 * @param sessionId the interview session, or {@code null}
	 * @param recordId the job record, or {@code null}
	 */
	public record Source(String kind, String fileName, Long durationMs, String jobRole, String sessionId,
			String recordId) {
	}

	/**
	 * One stretch of speech.
	 *
	 * @param index position in the transcript (0, 1, ...)
	 * @param startMs offset from the start of the recording, or {@code null} when unknown
	 * @param endMs end offset, or {@code null} when unknown
	 * @param speaker {@code candidate}, {@code interviewer}, or {@code null} when unknown
	 * @param text what was said
	 */
	public record Segment(int index, Long startMs, Long endMs, String speaker, String text) {
	}

	/**
	 * A cleaned reading of the transcript by the model: a reading aid, never the record.
	 * A cleaned line is kept only when it differs from its verbatim line by punctuation,
	 * casing, filler words and repeated words; otherwise the verbatim line stands and the
	 * rejection is listed.
	 *
	 * @param status {@code DONE}, {@code FAILED} (the cleaning step failed:
	 * {@code reason}) or {@code NOT_ASKED} ({@code reason})
	 * @param reason why there is no reading aid, or {@code null}
	 * @param accepted lines whose cleaned text was kept
	 * @param unchanged lines the model left as they were
	 * @param rejected lines whose cleaned text changed words and was refused
	 * @param missing lines the model returned nothing for
	 * @param lines the accepted, rejected and missing lines (unchanged ones are only
	 * counted)
	 */
	public record ReadingAid(String status, String reason, int accepted, int unchanged, int rejected, int missing,
			List<CleanedLine> lines) {
	}

	/**
	 * @param index the verbatim line's index
	 * @param status {@code ACCEPTED}, {@code REJECTED} or {@code MISSING}
	 * @param text the cleaned text (for a rejected line: what the model proposed, not
	 * shown as the line), or {@code null}
	 * @param reason why it was rejected or is missing, or {@code null}
	 */
	public record CleanedLine(int index, String status, String text, String reason) {
	}

	/**
	 * Whether there is enough of the candidate's speech to assess.
	 *
	 * @param assessable whether the analysis assessed anything
	 * @param candidateWords the candidate's words (fillers not counted)
	 * @param minimumWords the fewest words an assessment needs
	 * @param basis which lines were counted
	 * @param reason why it is not assessable, or {@code null}
	 */
	public record Assessability(boolean assessable, int candidateWords, int minimumWords, String basis, String reason) {
	}

	/**
	 * What a recruiter must check before trusting the report, found by our code.
	 *
	 * @param flags instruction-like text in the candidate's speech, line by line
	 * @param checked which lines were checked
	 */
	public record Integrity(List<Flag> flags, String checked) {
	}

	/**
	 * @param kind {@code INSTRUCTION_IN_SPEECH}
	 * @param description what the line attempts
	 * @param segmentIndex the verbatim line
	 * @param startMs its start, or {@code null}
	 * @param excerpt the verbatim line (cut at 300 characters)
	 */
	public record Flag(String kind, String description, Integer segmentIndex, Long startMs, String excerpt) {
	}

	/**
	 * A quote the model gave as evidence. Whether it was said, its line and its time come
	 * from the verbatim transcript, not from the model.
	 *
	 * @param quote the quote as the model gave it
	 * @param segmentIndex the verbatim line it was found in, or {@code null}
	 * @param startMs that line's start, or {@code null}
	 * @param verified whether it was found in what the candidate said; an unverified
	 * quote supports no score
	 * @param unverifiedReason why it is not verified, or {@code null}
	 */
	public record Evidence(String quote, Integer segmentIndex, Long startMs, boolean verified,
			String unverifiedReason) {
	}

	/**
	 * @param skill the skill's name
	 * @param level BEGINNER, INTERMEDIATE, PROFESSIONAL or EXPERT; {@code null} when not
	 * assessable
	 * @param score 0 to 100; {@code null} when not assessable (see {@code absentReason})
	 * @param confidence LOW, MEDIUM or HIGH; {@code null} with the score
	 * @param evidence quotes supporting the assessment
	 * @param recommendations what to probe or improve
	 * @param absentReason why there is no score, or {@code null}
	 */
	public record SkillAssessment(String skill, String level, Integer score, String confidence, List<Evidence> evidence,
			List<String> recommendations, String absentReason) {
	}

	/**
	 * @param question the question as asked
	 * @param askedAtMs when it was asked, or {@code null}
	 * @param answerSummary what the candidate answered
	 * @param grade 0 to 10, or {@code null} (see {@code absentReason})
	 * @param gradeReason why this grade
	 * @param evidence quotes from the answer
	 * @param absentReason why there is no grade (for example: not answered), or
	 * {@code null}
	 */
	public record QuestionAnswer(String question, Long askedAtMs, String answerSummary, Integer grade,
			String gradeReason, List<Evidence> evidence, String absentReason) {
	}

	/**
	 * @param communicationScore 0 to 100, or {@code null} with a reason in
	 * {@code communication}
	 * @param hiringRecommendation STRONG_YES, YES, NO, STRONG_NO or UNDECIDED
	 */
	public record Insights(List<String> strengths, List<String> weaknesses, List<String> redFlags, String communication,
			Integer communicationScore, String hiringRecommendation, String recommendationReason) {
	}

	/**
	 * The weighted scorecard, computed by our code ({@link Scoring}).
	 *
	 * @param components the weighted parts
	 * @param overall 0 to 100, the weighted mean of the parts that have a score (weights
	 * renormalised over them); {@code null} when {@code status} is ABSENT
	 * @param status {@code COMPLETE} (every weighted part scored), {@code PARTIAL} (some
	 * not: {@code basis} says which parts the overall rests on) or {@code ABSENT} (no
	 * overall: {@code absentReason})
	 * @param coverage the share of the scorecard's weight that has a score, 0 to 1
	 * @param basis what the overall rests on, with the renormalised weights, or
	 * {@code null}
	 * @param absentReason why there is no overall score, or {@code null}
	 * @param weightsFrom where the weights come from: {@code settings} or
	 * {@code job record <id>}
	 */
	public record Scorecard(List<Component> components, Integer overall, String status, double coverage, String basis,
			String absentReason, String weightsFrom) {

		/**
		 * @param name skills, questions or communication
		 * @param weight the weight in force (settings or the job record)
		 * @param score 0 to 100, or {@code null}
		 * @param absentReason why there is no score, or {@code null}
		 * @param share its renormalised weight in the overall (0 to 1), or {@code null}
		 * when it does not count
		 * @param basis what the score was computed from, or {@code null}
		 */
		public record Component(String name, double weight, Integer score, String absentReason, Double share,
				String basis) {
		}

	}

	/** Computed, never asked of the LLM. */
	public record CommunicationMetrics(Metric speakingRate, Metric fillerWords, Metric longPauses, Metric talkRatio) {
	}

	/**
	 * @param value the figure, or {@code null}
	 * @param unit what the figure counts (words per minute, per 100 words, ...)
	 * @param basis what it was computed over
	 * @param absentReason why there is no figure, or {@code null}
	 */
	public record Metric(Double value, String unit, String basis, String absentReason) {
	}

	public record CandidateFeedback(String summary, List<String> strengths, List<String> improvements) {
	}

	/**
	 * The interview graded on its plan: what the session itself recorded it asked, and
	 * when, each asked question graded against its ideal answer from the candidate's
	 * answer span.
	 *
	 * @param endReason why the interview ended, as the interviewer recorded it, or
	 * {@code null}
	 * @param planned the questions planned
	 * @param asked those asked
	 * @param notReached those the interview ended before (never graded)
	 * @param graded those with a grade
	 * @param questions every planned question, in the plan's order
	 */
	public record PlanReport(String endReason, int planned, int asked, int notReached, int graded,
			List<PlanQuestion> questions) {
	}

	/**
	 * One planned question.
	 *
	 * @param position its place in the plan (1, 2, ...)
	 * @param status {@code ASKED} or {@code NOT_REACHED}
	 * @param askedAtMs when it was asked, from the session's record, or {@code null}
	 * @param answerStartMs the candidate's answer span, from the session's record, or
	 * {@code null}
	 * @param answerLines the verbatim lines of the answer span
	 * @param followUps follow-up questions the interviewer asked on it
	 * @param hints hints the interviewer gave on it
	 * @param idealAnswer what it was graded against
	 * @param grade 0 to 10, or {@code null} (see {@code absentReason}); never for a
	 * question not reached
	 * @param evidence verified and unverified quotes from the answer
	 * @param absentReason why there is no grade, or {@code null}
	 */
	public record PlanQuestion(int position, String question, String skill, String difficulty, String status,
			Long askedAtMs, Long answerStartMs, Long answerEndMs, List<Integer> answerLines, int followUps, int hints,
			String idealAnswer, String answerSummary, Integer grade, String gradeReason, List<Evidence> evidence,
			String absentReason) {
	}

	/**
	 * The session's proctoring integrity score, computed by our code from the events the
	 * candidate's browser reported: 100 less a penalty per kind of event, each capped. It
	 * describes behaviour to look at and proves nothing on its own.
	 *
	 * @param score 0 to 100
	 * @param events the events counted
	 * @param breakdown one line per kind of event
	 */
	public record ProctoringReport(int score, int events, List<ProctoringItem> breakdown) {
	}

	/**
	 * @param type TAB_HIDDEN, WINDOW_BLUR, PASTE, ...
	 * @param count how many were reported
	 * @param pointsEach what one costs
	 * @param penalty what they cost together, at most {@code cap}
	 * @param cap the most this kind can take
	 */
	public record ProctoringItem(String type, int count, int pointsEach, int penalty, int cap) {
	}

}
