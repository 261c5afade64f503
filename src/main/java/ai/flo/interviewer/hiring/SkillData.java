package ai.flo.interviewer.hiring;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A skill as the LLM extracts it and as the API edits it. */
record SkillData(@NotBlank @Size(max = 200) String name, @NotNull SkillLevel level,
		@NotNull Enums.Requirement requirement, @NotNull Enums.Category category, @Min(1) @Max(10) int numQuestions,
		@NotNull Enums.Difficulty difficulty, @Min(1) @Max(10) int priority) {
}
