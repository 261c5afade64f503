package ai.flo.interviewer.hiring;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.flo.interviewer.llm.Prompt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prompts that decide what a candidate is asked carry the fairness rule: protected
 * traits are never asked about, scored or a factor (issue #14).
 */
class FairPromptsTests {

	@Test
	void skillExtractionAndQuestionWritingCarryTheFairnessRule() {
		SkillData skill = new SkillData("Java", SkillLevel.PROFESSIONAL, Enums.Requirement.MANDATORY,
				Enums.Category.TECHNICAL, 2, Enums.Difficulty.MEDIUM, 1);
		List<Prompt> prompts = List.of(Prompts.extractSkills("Backend Engineer", "Java services"),
				Prompts.generateQuestions("Backend Engineer", "Java services", skill, List.of()));
		assertThat(prompts).allSatisfy((prompt) -> assertThat(prompt.system()).contains(Prompt.FAIRNESS_RULE)
			.contains("accent, name, age, gender, origin"));
	}

}
