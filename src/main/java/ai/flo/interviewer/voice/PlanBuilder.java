package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ai.flo.interviewer.hiring.JobRecords;
import ai.flo.interviewer.interview.SessionRecords;

import org.springframework.stereotype.Component;

/**
 * Builds the interview plan: skills ordered mandatory first, then by priority (then the
 * record's order); each skill contributes its first {@code numQuestions} questions; this
 * session's resume questions are spread evenly between them; the interview's length, less
 * an opening and a closing minute, is shared out as each question's time budget. A
 * practice interview gets a short, fixed, easy plan.
 */
@Component
class PlanBuilder {

	static final Duration OPENING = Duration.ofMinutes(1);

	static final Duration CLOSING = Duration.ofMinutes(1);

	static final List<String> PRACTICE_QUESTIONS = List.of("Tell me a little about yourself and what you work on.",
			"Describe a project you are proud of and your part in it.",
			"What is something you have learned recently, and how did you learn it?");

	private final SessionRecords sessions;

	private final JobRecords records;

	PlanBuilder(SessionRecords sessions, JobRecords records) {
		this.sessions = sessions;
		this.records = records;
	}

	/**
	 * @throws IllegalStateException when the session does not exist
	 */
	InterviewPlan build(String sessionId) {
		SessionRecords.SessionInfo session = this.sessions.find(sessionId)
			.orElseThrow(() -> new IllegalStateException("no session " + sessionId));
		Duration length = Duration.ofMinutes(Math.max(1, session.lengthMinutes()));
		if (session.practice()) {
			Duration practiceLength = min(length, Duration.ofMinutes(5));
			List<InterviewPlan.Item> items = new ArrayList<>();
			Duration each = share(practiceLength, PRACTICE_QUESTIONS.size());
			for (String question : PRACTICE_QUESTIONS) {
				items.add(new InterviewPlan.Item("Practice", question, "", false, 1, each, "PRACTICE"));
			}
			return new InterviewPlan(sessionId, session.role(), session.candidateName(), true, practiceLength, items);
		}
		List<JobRecords.PlannedSkill> skills = new ArrayList<>(this.records.plannedSkills(session.recordId()));
		skills.sort(Comparator.comparing((JobRecords.PlannedSkill s) -> !s.mandatory())
			.thenComparingInt(JobRecords.PlannedSkill::priority)
			.thenComparingInt(JobRecords.PlannedSkill::position));
		List<InterviewPlan.Item> planned = new ArrayList<>();
		for (JobRecords.PlannedSkill skill : skills) {
			skill.questions()
				.stream()
				.limit(Math.max(0, skill.numQuestions()))
				.forEach((q) -> planned.add(new InterviewPlan.Item(skill.name(), q.question(), q.idealAnswer(),
						skill.mandatory(), skill.priority(), Duration.ZERO, "SKILL", q.id(), q.difficulty())));
		}
		List<InterviewPlan.Item> resume = this.sessions.resumeQuestions(sessionId)
			.stream()
			.map((q) -> new InterviewPlan.Item("Resume", q.question(), q.idealAnswer(), false, 5, Duration.ZERO,
					"RESUME", null, q.difficulty()))
			.toList();
		List<InterviewPlan.Item> items = interleave(planned, resume);
		Duration each = share(length, items.size());
		List<InterviewPlan.Item> budgeted = items.stream().map((i) -> i.budgeted(each)).toList();
		return new InterviewPlan(sessionId, session.role(), session.candidateName(), false, length, budgeted);
	}

	/**
	 * Spreads {@code extra} evenly through {@code base}: after every n-th base item, one
	 * extra.
	 */
	static <T> List<T> interleave(List<T> base, List<T> extra) {
		if (extra.isEmpty()) {
			return List.copyOf(base);
		}
		List<T> out = new ArrayList<>();
		int gap = Math.max(1, (base.size() + 1) / (extra.size() + 1));
		int e = 0;
		for (int i = 0; i < base.size(); i++) {
			out.add(base.get(i));
			if ((i + 1) % gap == 0 && e < extra.size()) {
				out.add(extra.get(e++));
			}
		}
		while (e < extra.size()) {
			out.add(extra.get(e++));
		}
		return out;
	}

	/**
	 * The length less the opening and the closing, shared by {@code count} questions (at
	 * least 30 s each).
	 */
	static Duration share(Duration length, int count) {
		Duration usable = length.minus(OPENING).minus(CLOSING);
		if (usable.compareTo(Duration.ofSeconds(30L * Math.max(1, count))) < 0) {
			usable = Duration.ofSeconds(30L * Math.max(1, count));
		}
		return (count == 0) ? usable : usable.dividedBy(count);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
