package ai.flo.interviewer.hiring;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A question as the LLM generates it and as the API shows it. */
record QuestionData(@NotBlank @Size(max = 4000) String question, @NotBlank @Size(max = 8000) String idealAnswer,
		@NotNull Enums.QuestionFormat format, @NotNull Enums.Difficulty difficulty, boolean coding) {
}
