package ai.flo.interviewer.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.analysis.AnalysisLlmScript;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Request;

/**
 * The model's side of everything a recruiter does in the console, for a local server
 * speaking OpenAI's chat-completions wire format: skill extraction, question generation
 * and regeneration told apart by their instructions (answered after a short pause, so a
 * page shows its progress), and the analysis steps answered by {@link AnalysisLlmScript}.
 */
final class ConsoleLlmScript {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String SKILLS = """
			{"skills":[
			 {"name":"Java and Spring Boot","level":"PROFESSIONAL","requirement":"MANDATORY","category":"TECHNICAL",
			  "numQuestions":2,"difficulty":"MEDIUM","priority":1},
			 {"name":"PostgreSQL","level":"INTERMEDIATE","requirement":"MANDATORY","category":"TECHNICAL",
			  "numQuestions":1,"difficulty":"MEDIUM","priority":2},
			 {"name":"Kubernetes","level":"INTERMEDIATE","requirement":"OPTIONAL","category":"TECHNICAL",
			  "numQuestions":1,"difficulty":"EASY","priority":5}]}""";

	static final String REGENERATED = "Tell me about a production incident you handled in a Spring Boot service.";

	private static final Pattern COUNT = Pattern.compile("Write exactly (\\d+) interview question");

	private static final Pattern SKILL = Pattern.compile("name: ([^\\n]+)");

	final AnalysisLlmScript analysis = new AnalysisLlmScript();

	/** How long skill extraction and question generation take. */
	volatile long pauseMillis = 1500;

	Reply answer(Request request) {
		if (!request.path().endsWith("/chat/completions")) {
			return null;
		}
		JsonNode body = JSON.readTree(request.body());
		String user = body.path("messages").get(1).path("content").asString();
		if (user.contains("list the skills an interview for this role must assess")) {
			return Reply.chat(SKILLS, 800, 200).delayed(this.pauseMillis);
		}
		if (user.contains("Replace the interview question in the current_question block")) {
			return Reply
				.chat(JSON.writeValueAsString(Map.of("questions", List.of(question(REGENERATED,
						"Detection, mitigation, root cause, what changed afterwards.", "SCENARIO", false)))), 600, 120)
				.delayed(this.pauseMillis);
		}
		Matcher count = COUNT.matcher(user);
		if (count.find()) {
			Matcher skill = SKILL.matcher(user);
			String name = skill.find() ? skill.group(1).strip() : "the skill";
			List<Map<String, Object>> questions = new ArrayList<>();
			for (int i = 0; i < Integer.parseInt(count.group(1)); i++) {
				questions.add((i % 2 == 0)
						? question("How have you used " + name + " in a system you built?",
								"A concrete project, the choices made and why, what went wrong.", "OPEN_ENDED", false)
						: question("Write a small piece of code with " + name + " that retries a failed call.",
								"A loop with backoff and a cap; idempotency.", "CODING", true));
			}
			return Reply.chat(JSON.writeValueAsString(Map.of("questions", questions)), 700, 300)
				.delayed(this.pauseMillis);
		}
		return this.analysis.answer(request);
	}

	private static Map<String, Object> question(String text, String ideal, String format, boolean coding) {
		return Map.of("question", text, "idealAnswer", ideal, "format", format, "difficulty", "MEDIUM", "coding",
				coding);
	}

}
