package ai.flo.interviewer.voice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.agent.AgentJob;
import ai.flo.interviewer.interview.SessionTranscripts;
import ai.flo.interviewer.llm.Conversation;
import ai.flo.interviewer.llm.LlmException;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;
import ai.flo.interviewer.llm.Tool;
import ai.flo.interviewer.llm.ToolCall;
import ai.flo.interviewer.llm.Turn;
import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import ai.flo.interviewer.speech.Sentences;
import ai.flo.interviewer.speech.SpeechException;
import ai.flo.interviewer.speech.SpeechToText;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One interview in one room, from greeting to goodbye. The job's thread runs the
 * conversation: it waits for the candidate's turn (end of turn after a silence, longer
 * when the words look unfinished), transcribes it, lets the LLM answer as the interviewer
 * (its tool calls move the plan), speaks the answer sentence by sentence, and keeps time.
 * The plan, not the model, moves on when a question's time is up, and the interview
 * closes when its length is reached.
 */
final class InterviewRun {

	private static final Logger log = LoggerFactory.getLogger(InterviewRun.class);

	private static final Pattern UNFINISHED = Pattern
		.compile("(?i).*\\b(and|but|so|because|or|um+|uh+|like|then|the|a|to|of|with|which|that)[,.…\\s]*$");

	private static final int MAX_PROVIDER_FAILURES = 3;

	/** What the run needs from the application. */
	record Services(SpeechToText stt, LlmGateway llm, SessionTranscripts transcripts, JdbcClient jdbc, JsonMapper json,
			VoiceProperties properties) {
	}

	private final AgentJob job;

	private final InterviewPlan plan;

	private final InterviewState state;

	private final Services services;

	private final Speaker speaker;

	private final Voice voice;

	private final Listener listener;

	private final long startNanos;

	private final boolean legacy;

	private final List<Conversation.Message> history = new ArrayList<>();

	private int turn;

	private int nudges;

	private int providerFailures;

	InterviewRun(AgentJob job, InterviewPlan plan, Services services, Speaker speaker, Voice voice, Listener listener,
			long startNanos, boolean legacy) {
		this.job = job;
		this.plan = plan;
		this.services = services;
		this.speaker = speaker;
		this.voice = voice;
		this.listener = listener;
		this.startNanos = startNanos;
		this.legacy = legacy;
		this.state = new InterviewState(plan, services.properties().maxFollowUps(), services.properties().maxHints(),
				startNanos);
	}

	InterviewState state() {
		return this.state;
	}

	/** Runs the interview until it closes, the candidate leaves, or the job is ended. */
	void run() throws InterruptedException {
		String first = this.state.next(System.nanoTime()).map(InterviewPlan.Item::question).orElse(null);
		String greeting = "Hello " + firstName(this.plan.candidateName())
				+ ", thank you for joining. I'm your interviewer for the " + this.plan.role() + " role"
				+ (this.plan.practice() ? ", in a short practice interview" : "") + ". We have about "
				+ this.plan.length().toMinutes() + " minutes. Take your time with each answer.";
		speakScripted(greeting + ((first != null) ? " Let's begin. " + first : ""), "greeting");
		if (first == null) {
			close("There are no questions planned for this interview, so we will stop here. Thank you for your time.");
			return;
		}
		while (!gone() && !this.state.ended()) {
			String spoken = awaitTurn();
			if (gone() || this.state.ended()) {
				break;
			}
			if (spoken != null) {
				respond(spoken);
			}
			keepTime();
		}
		if (!gone()) {
			close(closingWords());
		}
	}

	private boolean gone() {
		return this.job.ended() || this.listener.ended();
	}

	// ---- listening
	// ---------------------------------------------------------------------------

	/**
	 * Waits for the candidate's next turn and returns its text; {@code null} after a
	 * nudge, or when nothing usable was said. Handles silence: a nudge, one repetition of
	 * the question, then a polite end.
	 */
	private String awaitTurn() throws InterruptedException {
		VoiceProperties p = this.services.properties();
		Listener.Utterance first = this.listener.utterances().poll(100, TimeUnit.MILLISECONDS);
		if (first == null) {
			silence();
			return null;
		}
		this.nudges = 0;
		List<Listener.Utterance> parts = new ArrayList<>(List.of(first));
		// The turn ends after the minimum delay of silence; longer when the words look
		// unfinished.
		String text = null;
		long decided;
		while (true) {
			Listener.Utterance more = waitForMore(parts.get(parts.size() - 1), p.minEndpointingDelay());
			if (more != null) {
				parts.add(more);
				continue;
			}
			if (text == null) {
				text = transcribe(parts);
				if (text == null) {
					return null;
				}
			}
			if (UNFINISHED.matcher(text).matches()) {
				Listener.Utterance extra = waitForMore(parts.get(parts.size() - 1), p.maxEndpointingDelay());
				if (extra != null) {
					parts.add(extra);
					String rest = transcribe(List.of(extra));
					text = (rest == null) ? text : text + " " + rest;
					continue;
				}
			}
			decided = System.nanoTime();
			break;
		}
		Listener.Utterance last = parts.get(parts.size() - 1);
		this.turnEndpointingMs = TimeUnit.NANOSECONDS.toMillis(decided - last.endNanos());
		this.turnEndNanos = last.endNanos();
		if (text.isBlank()) {
			return null;
		}
		this.services.transcripts()
			.append(this.plan.sessionId(), "candidate", text, parts.get(0).startMs(), last.endMs());
		caption("candidate", text);
		return text;
	}

	private long turnEndpointingMs;

	/** When the agent last finished a turn that expects an answer (not a nudge). */
	private long turnDoneNanos;

	private long turnEndNanos;

	private long turnSttMs;

	/**
	 * The next utterance if the candidate speaks again within {@code delay} of the last
	 * one's end (or is speaking).
	 */
	private Listener.Utterance waitForMore(Listener.Utterance last, Duration delay) throws InterruptedException {
		long deadline = last.endNanos() + delay.toNanos();
		while (true) {
			Listener.Utterance next = this.listener.utterances().poll(10, TimeUnit.MILLISECONDS);
			if (next != null) {
				return next;
			}
			if (this.listener.speaking()) {
				deadline = Math.max(deadline, System.nanoTime() + delay.toNanos());
				continue;
			}
			if (System.nanoTime() >= deadline || gone()) {
				return null;
			}
		}
	}

	private String transcribe(List<Listener.Utterance> parts) {
		int total = parts.stream().mapToInt((u) -> u.samples().length).sum();
		short[] all = new short[total];
		int at = 0;
		for (Listener.Utterance u : parts) {
			System.arraycopy(u.samples(), 0, all, at, u.samples().length);
			at += u.samples().length;
		}
		Path wav = null;
		long start = System.nanoTime();
		try {
			wav = Files.createTempFile("flo-utterance", ".wav");
			Files.write(wav, wav(all));
			String text = this.services.stt().transcribe(wav, null).text().strip();
			this.turnSttMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			this.providerFailures = 0;
			return text;
		}
		catch (SpeechException | ProviderNotConfiguredException ex) {
			log.warn("Session {}: speech-to-text failed: {}", this.plan.sessionId(), ex.getMessage());
			providerTrouble("Sorry, I didn't catch that. Could you say it again?");
			return null;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		finally {
			if (wav != null) {
				try {
					Files.deleteIfExists(wav);
				}
				catch (IOException ex) {
					log.debug("Could not delete {}", wav);
				}
			}
		}
	}

	/** No speech: a nudge, then the question once more, then a polite end. */
	private void silence() {
		VoiceProperties p = this.services.properties();
		if (this.speaker.speaking() || this.listener.speaking()) {
			return;
		}
		long now = System.nanoTime();
		long lastSound = Math.max(Math.max(this.speaker.lastSpeechFrameNanos(), this.listener.lastSpeechNanos()),
				this.startNanos);
		// Silence counts from the later of the candidate's last words and the end of the
		// agent's last
		// turn (nudges and the repetition do not restart it).
		long waitingSince = Math.max(this.listener.lastSpeechNanos(), this.turnDoneNanos);
		if (now - waitingSince >= p.silenceEnd().toNanos()) {
			this.state.end("the candidate was silent for " + p.silenceEnd().toSeconds() + " s");
			return;
		}
		if (now - lastSound < p.nudgeAfter().toNanos()) {
			return;
		}
		if (this.nudges == 0) {
			this.nudges++;
			speakScripted("Take your time. Would you like me to repeat the question?", "nudge");
		}
		else if (this.nudges == 1) {
			this.nudges++;
			speakScripted(
					"Let me repeat the question. " + this.state.current().map(InterviewPlan.Item::question).orElse(""),
					"repeat");
		}
	}

	// ---- thinking and speaking
	// ----------------------------------------------------------------

	private void respond(String candidateText) throws InterruptedException {
		this.turn++;
		this.history.add(new Conversation.User(candidateText));
		boolean movedOn = false;
		StringBuilder said = new StringBuilder();
		this.voice.newTurn();
		long llmFirstToken = -1;
		for (int round = 0; round < 3; round++) {
			Turn answer = think(said);
			if (answer == null) {
				return;
			}
			if (llmFirstToken < 0) {
				llmFirstToken = answer.firstTokenMillis();
			}
			this.history.add(new Conversation.Assistant(answer.text(), answer.toolCalls()));
			if (answer.toolCalls().isEmpty()) {
				break;
			}
			boolean again = false;
			for (ToolCall call : answer.toolCalls()) {
				String result = switch (call.name()) {
					case "next_question" -> {
						movedOn = true;
						yield moveOn(said, null);
					}
					case "give_hint" -> {
						again = true;
						yield hint();
					}
					case "end_interview" -> {
						this.state.end("the interviewer ended it: " + call.argumentsJson());
						yield "{\"ok\":true}";
					}
					default -> "{\"error\":\"unknown tool\"}";
				};
				this.history.add(new Conversation.ToolResult(call.id(), result));
			}
			if (!again) {
				break;
			}
		}
		if (!movedOn && !this.legacy && !this.state.ended() && !this.state.followUp()) {
			// No follow-ups left: the plan moves on, whatever the model did.
			moveOn(said, "Thank you. Let's move on.");
		}
		finishTurn(said, llmFirstToken);
	}

	/**
	 * One LLM round, its sentences spoken as they arrive; {@code null} when the provider
	 * failed.
	 */
	private Turn think(StringBuilder said) {
		Sentences sentences = new Sentences();
		Conversation conversation = new Conversation(systemPrompt(), List.copyOf(this.history));
		for (int attempt = 1; attempt <= 2; attempt++) {
			try {
				Turn answer = this.services.llm().converse(LlmTask.INTERVIEW, conversation, tools(), (delta) -> {
					for (String sentence : sentences.add(delta)) {
						said.append(sentence).append(' ');
						this.voice.say(sentence);
					}
				});
				String rest = sentences.flush();
				if (rest != null && !rest.isBlank()) {
					said.append(rest).append(' ');
					this.voice.say(rest);
				}
				this.providerFailures = 0;
				return answer;
			}
			catch (LlmException | ProviderNotConfiguredException ex) {
				log.warn("Session {}: LLM turn failed (attempt {}): {}", this.plan.sessionId(), attempt,
						ex.getMessage());
				if (said.length() > 0 || attempt == 2) {
					providerTrouble("I'm sorry, I had a technical problem. Could you repeat your last answer?");
					return null;
				}
				this.voice.say("One moment, please.");
			}
		}
		return null;
	}

	/**
	 * Moves the plan on and asks the next question (or closes); returns the tool result
	 * for the model.
	 */
	private String moveOn(StringBuilder said, String bridge) {
		Optional<InterviewPlan.Item> next = this.state.next(System.nanoTime());
		if (next.isEmpty()) {
			this.state.end("all planned questions were asked");
			return "{\"done\":true,\"note\":\"All questions have been asked; the interview is closing.\"}";
		}
		String words = ((bridge != null) ? bridge + " " : "") + next.get().question();
		said.append(words).append(' ');
		this.voice.say(words);
		if (bridge != null) {
			this.history.add(new Conversation.Assistant(words, List.of()));
		}
		return "{\"asked\":" + this.services.json().writeValueAsString(next.get().question()) + "}";
	}

	private String hint() {
		Optional<InterviewPlan.Item> current = this.state.current();
		if (current.isEmpty() || !this.state.hint()) {
			return "{\"allowed\":false,\"note\":\"No more hints for this question. Encourage the candidate to try, or offer to move on.\"}";
		}
		String ideal = current.get().idealAnswer();
		String points = (ideal.length() > 600) ? ideal.substring(0, 600) : ideal;
		return "{\"allowed\":true,\"keyPoints\":" + this.services.json().writeValueAsString(points)
				+ ",\"note\":\"Give ONE short hint that points the candidate in a direction without revealing these key points or the answer.\"}";
	}

	private void finishTurn(StringBuilder said, long llmFirstToken) throws InterruptedException {
		long started = System.nanoTime();
		while (this.speaker.firstFrameNanos() == 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20)
				&& this.voice.failure() == null && said.length() > 0 && !gone()) {
			Thread.sleep(5);
		}
		long firstFrame = this.speaker.firstFrameNanos();
		long endToEnd = (firstFrame > 0 && this.turnEndNanos > 0)
				? TimeUnit.NANOSECONDS.toMillis(firstFrame - this.turnEndNanos) : -1;
		long agentStart = (firstFrame > 0) ? TimeUnit.NANOSECONDS.toMillis(firstFrame - this.startNanos) : elapsedMs();
		this.voice.awaitDone(TimeUnit.MINUTES.toMillis(2));
		String text = said.toString().strip();
		if (!text.isEmpty()) {
			this.services.transcripts()
				.append(this.plan.sessionId(), "interviewer", text, agentStart, Math.max(agentStart, elapsedMs()));
			caption("interviewer", text);
		}
		if (this.voice.failure() != null) {
			providerTrouble(null);
		}
		metrics("answer", this.turnEndpointingMs, this.turnSttMs, llmFirstToken, this.voice.firstByteMillis(),
				endToEnd);
		this.turnDoneNanos = System.nanoTime();
	}

	/** Says fixed words (greeting, nudge, closing): transcript and captions too. */
	private void speakScripted(String words, String kind) {
		this.voice.newTurn();
		long start = elapsedMs();
		this.voice.say(words);
		try {
			this.voice.awaitDone(TimeUnit.MINUTES.toMillis(2));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		long firstFrame = this.speaker.firstFrameNanos();
		long agentStart = (firstFrame > 0) ? TimeUnit.NANOSECONDS.toMillis(firstFrame - this.startNanos) : start;
		this.services.transcripts()
			.append(this.plan.sessionId(), "interviewer", words, agentStart, Math.max(agentStart, elapsedMs()));
		caption("interviewer", words);
		if (this.voice.failure() != null) {
			providerTrouble(null);
		}
		this.history.add(new Conversation.Assistant(words, List.of()));
		if (!kind.equals("nudge") && !kind.equals("repeat")) {
			this.turnDoneNanos = System.nanoTime();
		}
	}

	private void providerTrouble(String apology) {
		this.providerFailures++;
		if (this.providerFailures >= MAX_PROVIDER_FAILURES) {
			this.state.end("a provider kept failing");
			return;
		}
		if (apology != null) {
			speakScripted(apology, "apology");
		}
	}

	// ---- time
	// ------------------------------------------------------------------------------

	private void keepTime() {
		long now = System.nanoTime();
		if (this.state.ended()) {
			return;
		}
		if (this.state.timeUp(now)) {
			this.state.end("the interview's time is up");
			return;
		}
		if (!this.legacy && this.state.current().isPresent() && this.state.questionTimeUp(now)
				&& !this.listener.speaking() && !this.speaker.speaking()) {
			StringBuilder said = new StringBuilder();
			this.voice.newTurn();
			moveOn(said, "Thank you. In the interest of time, let's move on.");
			try {
				finishTurn(said, -1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private String closingWords() {
		String reason = String.valueOf(this.state.endReason());
		String name = firstName(this.plan.candidateName());
		if (reason.startsWith("the candidate was silent")) {
			return "It seems we have lost the connection, " + name
					+ ". We will end the interview here. Thank you, goodbye.";
		}
		if (reason.startsWith("a provider kept failing")) {
			return "I'm sorry, we are having technical difficulties and have to stop here. What you said so far is saved. Goodbye.";
		}
		return "That brings us to the end of the interview. Thank you for your time, " + name + ". Goodbye.";
	}

	private void close(String words) {
		speakScripted(words, "closing");
	}

	// ---- prompts and tools
	// ---------------------------------------------------------------------

	private String systemPrompt() {
		long now = System.nanoTime();
		StringBuilder prompt = new StringBuilder();
		prompt.append("You are a professional, friendly interviewer conducting a spoken job interview for the role of ")
			.append(this.plan.role())
			.append(". Your words are spoken aloud: use short plain sentences, no lists, no markdown, ")
			.append("no code. Each turn: acknowledge the candidate's answer in a few words without judging it, then ask ")
			.append("at most one question. Never reveal ideal answers, scores or your assessment. Politely decline to discuss ")
			.append("salary or compensation, confidential company information, or how the candidate is doing. ")
			.append("If the candidate wants to stop, call end_interview.");
		if (this.legacy) {
			prompt.append(" Ask these questions in order, one at a time, with brief follow-ups when useful:\n");
			int n = 1;
			for (InterviewPlan.Item item : this.plan.items()) {
				prompt.append(n++).append(". ").append(item.question()).append('\n');
			}
			return prompt.toString();
		}
		InterviewPlan.Item current = this.state.current().orElse(null);
		prompt
			.append(" The interview follows a plan kept by the system: call next_question when the current answer is ")
			.append("complete, when the candidate wants to skip, or when no follow-ups are left; the system then asks the ")
			.append("next question itself, so do not ask it yourself. If the candidate asks for a hint, call give_hint.\n");
		if (current != null) {
			prompt.append("Current question (skill: ")
				.append(current.skill())
				.append("): ")
				.append(current.question())
				.append('\n')
				.append("Follow-ups left for it: ")
				.append(Math.max(0, this.services.properties().maxFollowUps() - this.state.followUps()))
				.append(". Hints left: ")
				.append(Math.max(0, this.services.properties().maxHints() - this.state.hints()))
				.append(". Minutes left in the interview: ")
				.append(Math.max(0, this.state.remaining(now).toMinutes()))
				.append(".\n");
		}
		return prompt.toString();
	}

	private List<Tool> tools() {
		Map<String, Object> none = Map.of("type", "object", "properties", Map.of(), "additionalProperties", false);
		Map<String, Object> reason = Map.of("type", "object", "properties",
				Map.of("reason", Map.of("type", "string", "description", "why the interview ends")), "required",
				List.of("reason"), "additionalProperties", false);
		Tool end = new Tool("end_interview", "End the interview now (the candidate asked to stop).", reason);
		if (this.legacy) {
			return List.of(end);
		}
		return List.of(new Tool("next_question", "Move on to the next planned question.", none),
				new Tool("give_hint", "Get guidance for one short, non-leading hint on the current question.", none),
				end);
	}

	// ---- record
	// ----------------------------------------------------------------------------

	private void caption(String speaker, String text) {
		try {
			Map<String, Object> caption = new LinkedHashMap<>();
			caption.put("speaker", speaker);
			caption.put("text", text);
			caption.put("final", true);
			caption.put("atMs", elapsedMs());
			this.job.room()
				.sendData(this.services.json().writeValueAsBytes(caption), this.services.properties().captionsTopic(),
						true);
		}
		catch (RuntimeException ex) {
			log.debug("Caption not sent: {}", ex.getMessage());
		}
	}

	private void metrics(String kind, long endpointing, long stt, long llmFirstToken, long ttsFirstByte,
			long endToEnd) {
		this.services.jdbc()
			.sql("""
					INSERT INTO voice_turns (id, session_id, turn, kind, endpointing_ms, stt_ms, llm_first_token_ms,
					  tts_first_byte_ms, end_to_end_ms, created_at)
					VALUES (:id, :session, :turn, :kind, :endpointing, :stt, :llm, :tts, :e2e, :now)""")
			.param("id", UUID.randomUUID().toString())
			.param("session", this.plan.sessionId())
			.param("turn", this.turn)
			.param("kind", kind)
			.param("endpointing", positive(endpointing))
			.param("stt", positive(stt))
			.param("llm", positive(llmFirstToken))
			.param("tts", positive(ttsFirstByte))
			.param("e2e", positive(endToEnd))
			.param("now", System.currentTimeMillis())
			.update();
	}

	private static Long positive(long value) {
		return (value >= 0) ? value : null;
	}

	private long elapsedMs() {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
	}

	private static String firstName(String name) {
		String trimmed = (name == null) ? "" : name.strip();
		int space = trimmed.indexOf(' ');
		return (space > 0) ? trimmed.substring(0, space) : (trimmed.isEmpty() ? "there" : trimmed);
	}

	/** 16 kHz mono 16-bit WAV bytes. */
	static byte[] wav(short[] samples) {
		ByteBuffer buffer = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
		buffer.put(StereoRecorder.header(1, samples.length));
		for (short s : samples) {
			buffer.putShort(s);
		}
		return buffer.array();
	}

}
