package ai.flo.interviewer.hiring;

import java.time.Instant;
import java.util.List;

/** What the API shows of hiring setup. */
final class Views {

	private Views() {
	}

	/**
	 * @param jobDescription the description the skills were extracted from
	 * @param scorecardWeights the record's own scorecard weights, or {@code null} when
	 * the settings' apply
	 */
	record RecordView(String id, String title, String jobDescription, Enums.RecordStatus status, String failure,
			Instant createdAt, Instant updatedAt, JobRecords.ScorecardWeights scorecardWeights,
			List<SkillView> skills) {
	}

	record RecordSummary(String id, String title, Enums.RecordStatus status, Instant createdAt) {
	}

	record SkillView(String id, String name, SkillLevel level, Enums.Requirement requirement, Enums.Category category,
			int numQuestions, Enums.Difficulty difficulty, int priority, Enums.QuestionsStatus questionsStatus,
			String questionsFailure, int questionCount) {
	}

	record QuestionView(String id, String skillId, String skillName, String question, String idealAnswer,
			Enums.QuestionFormat format, Enums.Difficulty difficulty, boolean coding, int version, Boolean liked,
			String feedback) {
	}

	record QuestionVersionView(int version, String question, String idealAnswer, Enums.QuestionFormat format,
			Enums.Difficulty difficulty, boolean coding, Boolean liked, String feedback, String replacedBecause,
			Instant createdAt, Instant replacedAt) {
	}

	record FeedbackView(String id, String text, Instant createdAt) {
	}

	record Accepted<T>(T resource, List<String> jobIds) {
	}

}
