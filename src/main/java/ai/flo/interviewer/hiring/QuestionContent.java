package ai.flo.interviewer.hiring;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** What a question says: the same columns in {@code questions} and in its history. */
@Embeddable
class QuestionContent {

	@Column(nullable = false, columnDefinition = "TEXT")
	private String question;

	@Column(name = "ideal_answer", nullable = false, columnDefinition = "TEXT")
	private String idealAnswer;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 30)
	private Enums.QuestionFormat format;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 20)
	private Enums.Difficulty difficulty;

	@Column(nullable = false)
	private int coding;

	protected QuestionContent() {
	}

	QuestionContent(QuestionData data) {
		this.question = data.question().strip();
		this.idealAnswer = data.idealAnswer().strip();
		this.format = data.format();
		this.difficulty = data.difficulty();
		this.coding = data.coding() ? 1 : 0;
	}

	QuestionData data() {
		return new QuestionData(this.question, this.idealAnswer, this.format, this.difficulty, this.coding == 1);
	}

}
