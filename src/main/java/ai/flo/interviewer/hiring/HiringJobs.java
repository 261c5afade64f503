package ai.flo.interviewer.hiring;

import java.util.List;

import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.PermanentJobFailure;
import ai.flo.interviewer.llm.LlmException;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.providers.ProviderNotConfiguredException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LLM work of hiring setup, as durable jobs. A call that fails for good (after the
 * gateway's own retries and the job's attempts, or at once when retrying cannot help)
 * leaves the record or skill FAILED with the reason; nothing is invented in its place.
 */
@Configuration(proxyBeanMethods = false)
class HiringJobs {

	@Bean
	JobHandler extractSkills(HiringService hiring, LlmGateway llm, JsonMapper json) {
		return new Handler(HiringService.EXTRACT_SKILLS) {

			@Override
			public String run(JobContext context) {
				String recordId = json.readTree(context.payload()).path("recordId").asString();
				JobRecord record = hiring.recordForJob(recordId);
				if (record == null) {
					return null;
				}
				context.progress("extracting skills", 10);
				Prompts.ExtractedSkills extracted = call(context, () -> llm.structured(LlmTask.GENERATION,
						Prompts.extractSkills(record.title(), record.jobDescription()), Prompts.ExtractedSkills.class),
						(reason) -> hiring.extractionFailed(recordId, reason));
				context.progress("saving skills", 90);
				hiring.saveExtractedSkills(recordId, extracted.skills());
				return "{\"skills\":" + extracted.skills().size() + "}";
			}

			@Override
			public void gaveUp(String payload, String reason) {
				hiring.extractionGaveUp(json.readTree(payload).path("recordId").asString(), reason);
			}

			@Override
			public void retrying(String payload) {
				hiring.extractionRetrying(json.readTree(payload).path("recordId").asString());
			}

		};
	}

	@Bean
	JobHandler generateQuestions(HiringService hiring, LlmGateway llm, JsonMapper json) {
		return new Handler(HiringService.GENERATE_QUESTIONS) {

			@Override
			public String run(JobContext context) {
				String skillId = json.readTree(context.payload()).path("skillId").asString();
				HiringService.SkillForJob skill = hiring.skillForJob(skillId);
				if (skill == null) {
					return null;
				}
				context.progress("generating questions", 10);
				Prompts.GeneratedQuestions generated = call(context, () -> llm.structured(LlmTask.GENERATION,
						Prompts.generateQuestions(skill.title(), skill.description(), skill.data(),
								hiring.feedbackForGeneration(skill.recordId())),
						Prompts.GeneratedQuestions.class), (reason) -> hiring.generationFailed(skillId, reason));
				int wanted = skill.data().numQuestions();
				if (generated.questions().size() < wanted) {
					String reason = "Asked for " + wanted + " question(s), the model gave "
							+ generated.questions().size();
					if (context.attempt() >= context.maxAttempts()) {
						hiring.generationFailed(skillId, reason);
					}
					throw new IllegalStateException(reason);
				}
				List<QuestionData> kept = generated.questions().subList(0, wanted);
				hiring.saveQuestions(skillId, kept);
				return "{\"questions\":" + kept.size() + "}";
			}

			@Override
			public void gaveUp(String payload, String reason) {
				hiring.generationGaveUp(json.readTree(payload).path("skillId").asString(), reason);
			}

			@Override
			public void retrying(String payload) {
				hiring.generationRetrying(json.readTree(payload).path("skillId").asString());
			}

		};
	}

	@Bean
	JobHandler regenerateQuestion(HiringService hiring, LlmGateway llm, JsonMapper json) {
		return new Handler(HiringService.REGENERATE_QUESTION) {

			@Override
			public String run(JobContext context) {
				var payload = json.readTree(context.payload());
				String questionId = payload.path("questionId").asString();
				String reason = payload.path("reason").asString();
				HiringService.QuestionForJob question = hiring.questionForJob(questionId);
				if (question == null) {
					return null;
				}
				context.progress("regenerating the question", 10);
				// A failure leaves the question as it is; the job keeps the reason.
				Prompts.GeneratedQuestions generated = call(context,
						() -> llm.structured(LlmTask.GENERATION,
								Prompts.regenerateQuestion(question.title(), question.description(), question.skill(),
										question.current(), reason, hiring.feedbackForGeneration(question.recordId())),
								Prompts.GeneratedQuestions.class),
						(failure) -> {
						});
				hiring.saveRegenerated(questionId, question.version(), generated.questions().get(0), reason);
				return "{\"version\":" + (question.version() + 1) + "}";
			}

		};
	}

	/**
	 * Runs an LLM call; records the reason when this is the job's end, and says whether
	 * to retry.
	 */
	static <T> T call(JobContext context, java.util.function.Supplier<T> call,
			java.util.function.Consumer<String> recordFailure) {
		try {
			return call.get();
		}
		catch (ProviderNotConfiguredException ex) {
			recordFailure.accept(ex.getMessage());
			throw new PermanentJobFailure(ex.getMessage(), ex);
		}
		catch (LlmException ex) {
			if (!ex.retryable() || context.attempt() >= context.maxAttempts()) {
				recordFailure.accept(ex.getMessage());
				throw new PermanentJobFailure(ex.getMessage(), ex);
			}
			throw ex;
		}
	}

	private abstract static class Handler implements JobHandler {

		private final String type;

		Handler(String type) {
			this.type = type;
		}

		@Override
		public String type() {
			return this.type;
		}

	}

}
