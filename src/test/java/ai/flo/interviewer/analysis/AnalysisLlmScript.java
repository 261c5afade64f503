package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Request;

/**
 * The LLM side of an analysis for a local server speaking OpenAI's chat-completions wire
 * format: it tells the steps apart by their instructions (they run in parallel), checks
 * that each request carries the transcript fenced as untrusted data, and answers scripted
 * JSON. Quotes are taken from the transcript it was sent, so the product's evidence check
 * can find them. A step can be made to fail.
 */
public final class AnalysisLlmScript {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern LINE = Pattern
		.compile("^#(\\d+) (?:\\[[0-9:]+\\] )?(?:(candidate|interviewer): )?(.*)$", Pattern.MULTILINE);

	/**
	 * Per step (clean, skills, questions, insights, feedback, summary, compare), its
	 * answer instead.
	 */
	public final Map<String, Reply> failures = new ConcurrentHashMap<>();

	final List<String> steps = new CopyOnWriteArrayList<>();

	final List<String> problems = new CopyOnWriteArrayList<>();

	/** The last prompt (user message) of each step. */
	final Map<String, String> prompts = new ConcurrentHashMap<>();

	/** Skills to claim evidence for with a quote that is NOT in the transcript. */
	final List<String> inventedEvidence = new CopyOnWriteArrayList<>();

	/** Per skill, the quote to give as its evidence (instead of the line's words). */
	final Map<String, String> quotes = new ConcurrentHashMap<>();

	/** Per line index, what the cleaning step answers for it (instead of the line). */
	final Map<Integer, String> rewrites = new ConcurrentHashMap<>();

	/**
	 * When the skills step's transcript contains a key, its first skill's score moves by
	 * the value (a model swayed by a name, for the fairness check).
	 */
	final Map<String, Integer> scoreShifts = new ConcurrentHashMap<>();

	/**
	 * Every skills step's prompt, in order (the fairness check asks the skills step too).
	 */
	final List<String> skillPrompts = new CopyOnWriteArrayList<>();

	/**
	 * Planned questions (by their number in the prompt) to quote with words that are NOT
	 * in the transcript.
	 */
	final List<Integer> inventedPlanEvidence = new CopyOnWriteArrayList<>();

	void clear() {
		this.failures.clear();
		this.steps.clear();
		this.problems.clear();
		this.inventedEvidence.clear();
		this.quotes.clear();
		this.rewrites.clear();
		this.prompts.clear();
		this.scoreShifts.clear();
		this.skillPrompts.clear();
		this.inventedPlanEvidence.clear();
	}

	public Reply answer(Request request) {
		if (!request.path().endsWith("/chat/completions")) {
			return null;
		}
		JsonNode body = JSON.readTree(request.body());
		String user = body.path("messages").get(1).path("content").asString();
		String step = step(user);
		this.steps.add(step);
		this.prompts.put(step, user);
		if (step.equals("skills")) {
			this.skillPrompts.add(user);
		}
		if (!user.contains("<untrusted-data name=\"transcript") && !step.equals("compare")) {
			this.problems.add(step + ": the transcript is not fenced as untrusted data");
		}
		if (!body.path("response_format").path("type").asString().equals("json_schema")) {
			this.problems.add(step + ": no structured-output schema was asked for");
		}
		Reply failure = this.failures.get(step);
		if (failure != null) {
			return failure;
		}
		List<String[]> lines = lines(user);
		String content = switch (step) {
			case "clean" -> clean(lines, this.rewrites);
			case "skills" -> skills(user, lines);
			case "questions" -> questions(lines);
			case "plan" -> plan(user);
			case "insights" ->
				"""
						{"strengths":["Concrete examples from real projects"],"weaknesses":["Little on testing"],"redFlags":[],
						 "communication":"Clear and structured answers.","communicationAssessable":true,"communicationScore":72,
						 "hiringRecommendation":"YES","recommendationReason":"Solid backend experience shown in the answers."}""";
			case "feedback" -> """
					{"summary":"You explained your projects clearly.","strengths":["Clear examples"],
					 "improvements":["Say more about how you test"]}""";
			case "summary" ->
				"{\"summary\":\"The candidate showed solid backend experience. Recommended for the next round.\"}";
			case "compare" -> """
					{"alignment":"MEDIUM","summary":"Both see solid Java; the human rates Kubernetes lower.",
					 "agreements":["Strong Java"],"disagreements":["Kubernetes depth"],
					 "skills":[{"skill":"Kubernetes","human":"weak","ai":"good","agrees":false}]}""";
			default -> throw new IllegalStateException("unknown step");
		};
		return Reply.chat(content, 1000, 200);
	}

	static String step(String user) {
		if (user.contains("For every line, return its index and a cleaned text")) {
			return "clean";
		}
		if (user.contains("Assess exactly these skills") || user.contains("Identify the 3 to 10 skills")) {
			return "skills";
		}
		if (user.contains("List the interview questions")) {
			return "questions";
		}
		if (user.contains("Grade each planned question")) {
			return "plan";
		}
		if (user.contains("Give your overall insights")) {
			return "insights";
		}
		if (user.contains("Write feedback addressed to the candidate")) {
			return "feedback";
		}
		if (user.contains("Write an executive summary")) {
			return "summary";
		}
		if (user.contains("Compare a human interviewer's evaluation")) {
			return "compare";
		}
		return "unknown";
	}

	/** The numbered transcript lines in the prompt: index, speaker (or null), text. */
	static List<String[]> lines(String user) {
		List<String[]> lines = new ArrayList<>();
		Matcher m = LINE.matcher(user);
		while (m.find()) {
			lines.add(new String[] { m.group(1), m.group(2), m.group(3) });
		}
		return lines;
	}

	private static String clean(List<String[]> lines, Map<Integer, String> rewrites) {
		List<Map<String, Object>> out = new ArrayList<>();
		for (String[] line : lines) {
			int index = Integer.parseInt(line[0]);
			String text = rewrites.getOrDefault(index, line[2].replaceAll("(?i)\\b(um|uh)\\b,?\\s*", "").strip());
			out.add(Map.of("index", index, "text", text));
		}
		return JSON.writeValueAsString(Map.of("lines", out));
	}

	private String skills(String user, List<String[]> lines) {
		Matcher asked = Pattern.compile("using these names: (.*?)\\.\\s*\\n").matcher(user);
		List<String> names = asked.find() ? List.of(asked.group(1).split("; ")) : List.of("Java");
		List<Map<String, Object>> items = new ArrayList<>();
		int shift = this.scoreShifts.entrySet()
			.stream()
			.filter((e) -> user.contains(e.getKey()))
			.mapToInt(Map.Entry::getValue)
			.sum();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name.toLowerCase().contains("cobol")) {
				items.add(Map.of("skill", name, "assessable", false, "level", "NONE", "score", 0, "confidence", "LOW",
						"evidence", List.of(), "recommendations", List.of("Ask about COBOL directly"),
						"notAssessableReason", "COBOL was not discussed"));
				continue;
			}
			String[] line = lines.get(Math.min(lines.size() - 1, i + 1));
			String quote = this.quotes.getOrDefault(name,
					this.inventedEvidence.contains(name) ? "I wrote the Linux kernel in a weekend" : words(line[2], 6));
			items.add(Map.of("skill", name, "assessable", true, "level", "PROFESSIONAL", "score",
					80 - 10 * i + ((i == 0) ? shift : 0), "confidence", "MEDIUM", "evidence",
					List.of(Map.of("line", Integer.parseInt(line[0]), "quote", quote)), "recommendations",
					List.of("Probe deeper on " + name), "notAssessableReason", ""));
		}
		return JSON.writeValueAsString(Map.of("skills", items));
	}

	private static String questions(List<String[]> lines) {
		String[] asked = lines.get(0);
		String[] answer = lines.get(Math.min(lines.size() - 1, 1));
		return JSON.writeValueAsString(Map.of("questions",
				List.of(Map.of("question", asked[2], "askedAtLine", Integer.parseInt(asked[0]), "answered", true,
						"answerSummary", "Described the work", "grade", 7, "gradeReason", "Relevant and concrete",
						"evidence", List.of(Map.of("line", Integer.parseInt(answer[0]), "quote", words(answer[2], 5)))),
						Map.of("question", "What is your notice period?", "askedAtLine", -1, "answered", false,
								"answerSummary", "", "grade", 0, "gradeReason", "", "evidence", List.of()))));
	}

	/**
	 * Grades every planned question in the prompt ({@code Q1 (...)} headings, each with
	 * its answer's numbered lines): grade 6 plus its number, quoting the first words of
	 * its answer's first line.
	 */
	private String plan(String user) {
		String planned = user.substring(user.indexOf("<untrusted-data name=\"planned_questions"),
				user.indexOf("<untrusted-data name=\"transcript"));
		List<Map<String, Object>> grades = new ArrayList<>();
		Matcher question = Pattern.compile("^Q(\\d+) \\(", Pattern.MULTILINE).matcher(planned);
		while (question.find()) {
			int number = Integer.parseInt(question.group(1));
			Matcher line = LINE.matcher(planned.substring(question.end()));
			line.find();
			String quote = this.inventedPlanEvidence.contains(number) ? "I designed the whole cloud myself"
					: words(line.group(3), 5);
			grades.add(Map.of("number", number, "answered", true, "answerSummary", "Answered question " + number,
					"grade", 6 + number, "gradeReason", "Covers most of the ideal answer", "evidence",
					List.of(Map.of("line", Integer.parseInt(line.group(1)), "quote", quote))));
		}
		return JSON.writeValueAsString(Map.of("questions", grades));
	}

	/** The first {@code n} words of a line, verbatim. */
	private static String words(String text, int n) {
		String[] words = text.split(" ");
		return String.join(" ", java.util.Arrays.copyOfRange(words, 0, Math.min(n, words.length)));
	}

}
