package ai.flo.interviewer.analysis;

import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.llm.Prompt;

/**
 * What we ask the LLM when analysing an interview, and the shapes of its answers. The
 * answers' constraints are also the strict schemas the model is held to; the prompts
 * state the same limits. Answers never carry nulls (strict structured outputs): "could
 * not assess" is a flag with a reason, which our code turns into an absent score. Quotes
 * point at transcript lines by number; our code checks them against the verbatim
 * transcript and takes the times from it. Every step is shown the verbatim transcript;
 * the cleaning step's answer is only a reading aid ({@link CleaningGuard}).
 */
final class AnalysisPrompts {

	static final int MAX_TRANSCRIPT = 150_000;

	static final int CLEAN_BATCH = 150;

	private static final String SYSTEM = "You are a senior interviewer who evaluates job interviews fairly, "
			+ "strictly from what the transcript shows. You never guess: what the transcript does not show is "
			+ "marked as not assessable. " + Prompt.FAIRNESS_RULE;

	private AnalysisPrompts() {
	}

	/** One cleaned line. */
	record CleanLine(@Min(0) int index, @NotNull @Size(max = 20_000) String text) {
	}

	record Cleaned(@NotNull List<@Valid CleanLine> lines) {
	}

	/** A quote, by transcript line number. */
	record Quote(@Min(0) int line, @NotBlank @Size(max = 1000) String quote) {
	}

	record SkillItem(@NotBlank @Size(max = 200) String skill, boolean assessable,
			@NotNull @Pattern(regexp = "BEGINNER|INTERMEDIATE|PROFESSIONAL|EXPERT|NONE") String level,
			@Min(0) @Max(100) int score, @NotNull @Pattern(regexp = "LOW|MEDIUM|HIGH") String confidence,
			@NotNull @Size(max = 4) List<@Valid Quote> evidence,
			@NotNull @Size(max = 6) List<@NotBlank String> recommendations,
			@NotNull @Size(max = 500) String notAssessableReason) {
	}

	record Skills(@NotNull @Size(max = 25) List<@Valid SkillItem> skills) {
	}

	record QaItem(@NotBlank @Size(max = 2000) String question, @Min(-1) int askedAtLine, boolean answered,
			@NotNull @Size(max = 3000) String answerSummary, @Min(0) @Max(10) int grade,
			@NotNull @Size(max = 1000) String gradeReason, @NotNull @Size(max = 3) List<@Valid Quote> evidence) {
	}

	record Questions(@NotNull @Size(max = 60) List<@Valid QaItem> questions) {
	}

	/** The most planned questions sent for grading at once. */
	static final int MAX_PLAN_GRADED = 60;

	/** One planned question's grade, by its number in the prompt (Q1 is 1). */
	record PlanGrade(@Min(1) @Max(MAX_PLAN_GRADED) int number, boolean answered,
			@NotNull @Size(max = 3000) String answerSummary, @Min(0) @Max(10) int grade,
			@NotNull @Size(max = 1000) String gradeReason, @NotNull @Size(max = 3) List<@Valid Quote> evidence) {
	}

	record PlanGrades(@NotNull @Size(max = MAX_PLAN_GRADED) List<@Valid PlanGrade> questions) {
	}

	record InsightsAnswer(@NotNull @Size(max = 10) List<@NotBlank String> strengths,
			@NotNull @Size(max = 10) List<@NotBlank String> weaknesses,
			@NotNull @Size(max = 10) List<@NotBlank String> redFlags, @NotBlank @Size(max = 3000) String communication,
			boolean communicationAssessable, @Min(0) @Max(100) int communicationScore,
			@NotNull @Pattern(regexp = "STRONG_YES|YES|NO|STRONG_NO|UNDECIDED") String hiringRecommendation,
			@NotBlank @Size(max = 2000) String recommendationReason) {
	}

	record Feedback(@NotBlank @Size(max = 3000) String summary,
			@NotNull @Size(max = 8) List<@NotBlank String> strengths,
			@NotNull @Size(max = 8) List<@NotBlank String> improvements) {
	}

	record Summary(@NotBlank @Size(max = 6000) String summary) {
	}

	record SkillComparison(@NotBlank String skill, @NotNull String human, @NotNull String ai, boolean agrees) {
	}

	record Comparison(@NotNull @Pattern(regexp = "HIGH|MEDIUM|LOW") String alignment, @NotBlank String summary,
			@NotNull List<@NotBlank String> agreements, @NotNull List<@NotBlank String> disagreements,
			@NotNull List<@Valid SkillComparison> skills) {
	}

	/** The transcript as numbered lines: {@code #12 [03:04] candidate: text}. */
	static String lines(List<AnalysisReport.Segment> segments) {
		StringBuilder out = new StringBuilder();
		for (AnalysisReport.Segment s : segments) {
			out.append('#').append(s.index()).append(' ');
			if (s.startMs() != null) {
				out.append('[').append(mmss(s.startMs())).append("] ");
			}
			if (s.speaker() != null) {
				out.append(s.speaker()).append(": ");
			}
			out.append(s.text().replace('\n', ' ')).append('\n');
		}
		return out.toString();
	}

	static String mmss(long ms) {
		long seconds = ms / 1000;
		return (seconds >= 3600)
				? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60)
				: String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
	}

	private static Prompt.Builder base(Context context) {
		Prompt.Builder builder = Prompt.builder(SYSTEM);
		builder.untrusted("job_role", (context.jobRole() != null) ? context.jobRole() : "(not given)", 200);
		return builder;
	}

	/** What every step knows. */
	record Context(String jobRole, List<String> skills, boolean speakersKnown,
			List<AnalysisReport.Segment> transcript) {
	}

	static Prompt clean(Context context, List<AnalysisReport.Segment> batch) {
		return Prompt.builder("You make speech-to-text transcripts easier to read without changing a single word said.")
			.instruction(
					"""
							Below are numbered transcript lines of a job interview. For every line, return its index and a cleaned \
							text in which you only fix punctuation and casing, remove filler words (um, uh, you know) and remove \
							immediately repeated words ("I I think" becomes "I think"). Change no other word: do not correct words \
							that seem misheard, do not add, replace, reorder or drop words, do not summarise, do not merge or split \
							lines. The cleaned text is checked word by word against the line and discarded if any other word \
							differs. Return exactly one entry per index given; when nothing needs fixing, return the line as it is.""")
			.untrusted("transcript_lines", lines(batch), MAX_TRANSCRIPT)
			.build();
	}

	static Prompt skills(Context context) {
		String which = context.skills().isEmpty()
				? "Identify the 3 to 10 skills most relevant to the role that the interview actually explored, and assess each."
				: "Assess exactly these skills, one entry each, in this order, using these names: "
						+ String.join("; ", context.skills()) + ".";
		return base(context)
			.instruction(
					which + """

							For each skill:
							- assessable: false when the transcript does not show the skill (then level NONE, score 0, confidence LOW, \
							no evidence, and notAssessableReason says why); otherwise true and notAssessableReason empty;
							- level: BEGINNER, INTERMEDIATE, PROFESSIONAL or EXPERT, as demonstrated;
							- score: 0 to 100 for the demonstrated command of the skill;
							- confidence: LOW, MEDIUM or HIGH, how much evidence there is;
							- evidence: 1 to 4 short verbatim quotes of the candidate, each with the number of the transcript line \
							(#N) it comes from; copy the words exactly;
							- recommendations: up to 6, what to probe in a next interview or what the candidate should improve."""
							+ speakers(context))
			.untrusted("transcript", lines(context.transcript()), MAX_TRANSCRIPT)
			.build();
	}

	static Prompt questions(Context context) {
		return base(context)
			.instruction(
					"""
							List the interview questions asked by the interviewer, in order, at most 60 (merge a question with its \
							immediate rephrasings; leave out small talk). For each:
							- question: as asked; askedAtLine: the transcript line number (#N) where it was asked, or -1;
							- answered: whether the candidate answered it; answerSummary: what they said (empty if not answered);
							- grade: 0 to 10 for the answer's quality and correctness (0 when not answered); gradeReason: why;
							- evidence: 1 to 3 verbatim quotes from the answer with their line numbers (none when not answered)."""
							+ speakers(context))
			.untrusted("transcript", lines(context.transcript()), MAX_TRANSCRIPT)
			.build();
	}

	/**
	 * Grades the questions the interview asked from its plan, each against its ideal
	 * answer, from the candidate's answer to it.
	 * @param planned the questions, numbered, with their ideal answers and answer lines
	 * ({@link PlanGrading#promptText})
	 */
	static Prompt plan(Context context, String planned) {
		return base(context)
			.instruction(
					"""
							Grade each planned question below against its ideal answer, from the candidate's answer to it: 				its transcript lines are given with the question (the whole transcript follows for context). Return one 				entry per question given, at most 60, each with:
							- number: the question's number (Q1 is 1);
							- answered: whether the candidate answered it; when not, grade 0 and no evidence;
							- answerSummary: what the candidate said in answer (empty if not answered);
							- grade: 0 to 10 for how much of the ideal answer the answer covers, and how correctly; a follow-up or 				hint the candidate needed may lower it; gradeReason: why, naming what of the ideal answer was covered 				and what was missing;
							- evidence: 1 to 3 verbatim quotes from the answer's lines, each with the number of the transcript line 				(#N) it comes from; copy the words exactly.
							The ideal answers are the recruiter's; judge the answer, not how it is phrased."""
							+ speakers(context))
			.untrusted("planned_questions", planned, MAX_TRANSCRIPT)
			.untrusted("transcript", lines(context.transcript()), MAX_TRANSCRIPT)
			.build();
	}

	static Prompt insights(Context context) {
		return base(context).instruction("""
				Give your overall insights on the candidate:
				- strengths, weaknesses and redFlags, at most 10 each (red flags: dishonesty, contradictions, reading \
				answers, rudeness; an empty list when there are none): short statements grounded in the transcript;
				- communication: how clearly and concisely the candidate communicated, with examples; \
				communicationAssessable: false when the transcript is too short to judge (then communicationScore 0); \
				communicationScore: 0 to 100;
				- hiringRecommendation: STRONG_YES, YES, NO, STRONG_NO, or UNDECIDED when the interview does not show \
				enough; recommendationReason: why.""" + speakers(context))
			.untrusted("transcript", lines(context.transcript()), MAX_TRANSCRIPT)
			.build();
	}

	static Prompt feedback(Context context) {
		return base(context).instruction("""
				Write feedback addressed to the candidate (second person, respectful, constructive): a short summary, \
				what went well (strengths, at most 8) and what to improve (improvements, at most 8). Do not mention \
				scores, hiring decisions, other candidates or internal criteria.""" + speakers(context))
			.untrusted("transcript", lines(context.transcript()), MAX_TRANSCRIPT)
			.build();
	}

	static Prompt summary(Context context, String findings) {
		return base(context)
			.instruction(
					"""
							Write an executive summary for the recruiter (2 to 4 short paragraphs): who the candidate seems to be for \
							this role, the main evidence for and against, and the recommendation. Use only the findings and the \
							transcript below; do not add scores that are not in the findings.""")
			.untrusted("findings", findings, 40_000)
			.untrusted("transcript", lines(context.transcript()), MAX_TRANSCRIPT)
			.build();
	}

	static Prompt compare(String aiReport, String humanEvaluation) {
		return Prompt.builder(SYSTEM)
			.instruction("""
					Compare a human interviewer's evaluation of a candidate with an AI analysis of the same interview. \
					Say where they agree and disagree, per skill where possible (human: the human's view, ai: the AI's \
					view, agrees), the overall alignment (HIGH, MEDIUM or LOW) and a short summary. Do not take sides \
					beyond what each document says.""")
			.untrusted("ai_analysis", aiReport, 60_000)
			.untrusted("human_evaluation", humanEvaluation, 60_000)
			.build();
	}

	private static String speakers(Context context) {
		return context.speakersKnown() ? "\nEach line names its speaker (candidate or interviewer)."
				: "\nThe lines do not name speakers: tell the interviewer's questions from the candidate's answers by content.";
	}

}
