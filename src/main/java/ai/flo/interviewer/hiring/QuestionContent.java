package ai.flo.interviewer.hiring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a question says: the same columns in {@code questions} and in its history. */
class QuestionContent {

	private String question;

	private String idealAnswer;

	private Enums.QuestionFormat format;

	private Enums.Difficulty difficulty;

	private int coding;

	private QuestionContent() {
	}

	/** The columns of a row of {@code questions} or {@code question_versions}. */
	static QuestionContent read(ResultSet rs) throws SQLException {
		QuestionContent row = new QuestionContent();
		row.question = rs.getString("question");
		row.idealAnswer = rs.getString("ideal_answer");
		row.format = Enums.QuestionFormat.valueOf(rs.getString("format"));
		row.difficulty = Enums.Difficulty.valueOf(rs.getString("difficulty"));
		row.coding = rs.getInt("coding");
		return row;
	}

	/** Its columns by name, for the insert and update of the row it is part of. */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("question", this.question);
		columns.put("ideal_answer", this.idealAnswer);
		columns.put("format", this.format.name());
		columns.put("difficulty", this.difficulty.name());
		columns.put("coding", this.coding);
		return columns;
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
