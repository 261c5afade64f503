package ai.flo.interviewer.voice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.agent.AgentJob;
import ai.flo.interviewer.agent.AgentJobHandler;
import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.interview.SessionTranscripts;
import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.speech.SpeechToText;
import ai.flo.interviewer.speech.TextToSpeech;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The interviewer agent ({@code FLO_AGENT_HANDLER=interviewer}): finds the session from
 * the dispatch metadata, plans the interview, conducts it, writes the stereo recording to
 * {@code interview_data/<session>/recording.wav}, and ends the session, which queues its
 * analysis (not for practice). {@code USE_LEGACY_AGENT=true} runs the prompt-only
 * interviewer instead.
 */
@Component
class VoiceInterviewer implements AgentJobHandler {

	private static final Logger log = LoggerFactory.getLogger(VoiceInterviewer.class);

	static final int SAMPLE_RATE = 16_000;

	private final PlanBuilder plans;

	private final SessionRecords sessions;

	private final SessionTranscripts transcripts;

	private final SpeechToText stt;

	private final TextToSpeech tts;

	private final LlmGateway llm;

	private final TurnLog turnLog;

	private final JsonMapper json;

	private final VoiceProperties properties;

	private final DataFolders folders;

	private final boolean legacy;

	VoiceInterviewer(PlanBuilder plans, SessionRecords sessions, SessionTranscripts transcripts, SpeechToText stt,
			TextToSpeech tts, LlmGateway llm, TurnLog turnLog, JsonMapper json, VoiceProperties properties,
			@Value("${flo.agent.use-legacy-agent:false}") boolean legacy, DataFolders folders) {
		this.plans = plans;
		this.sessions = sessions;
		this.transcripts = transcripts;
		this.stt = stt;
		this.tts = tts;
		this.llm = llm;
		this.turnLog = turnLog;
		this.json = json;
		this.properties = properties;
		this.folders = folders;
		this.legacy = legacy;
	}

	@Override
	public String name() {
		return "interviewer";
	}

	@Override
	public void run(AgentJob job) throws Exception {
		String sessionId = this.json.readTree(job.metadata()).path("sessionId").asString("");
		if (sessionId.isBlank() || this.sessions.find(sessionId).isEmpty()) {
			log.warn("Job {}: no session in the metadata of room {}: leaving", job.id(), job.roomName());
			return;
		}
		InterviewPlan plan = this.plans.build(sessionId);
		Optional<RoomListener.Participant> candidate = job.awaitCandidate(this.properties.candidateTimeout());
		if (candidate.isEmpty()) {
			log.info("Job {}: the candidate did not join within {}", job.id(), this.properties.candidateTimeout());
			this.sessions.end(sessionId);
			return;
		}
		this.sessions.live(sessionId);
		log.info("Job {}: interviewing for session {} ({} questions, {} min{}{})", job.id(), sessionId,
				plan.items().size(), plan.length().toMinutes(), plan.practice() ? ", practice" : "",
				this.legacy ? ", legacy agent" : "");
		long start = System.nanoTime();
		Path recording = this.folders.sessionRecording(sessionId);
		InterviewRun run = null;
		try (StereoRecorder recorder = new StereoRecorder(recording, start);
				AgentState agentState = new AgentState(job.room());
				LocalAudio track = job.room().publishAudio("interviewer", SAMPLE_RATE, 1, 100);
				RemoteAudio heard = job.room().subscribeAudio(candidate.get().identity(), SAMPLE_RATE, 1, 500);
				Transcriptions captions = new Transcriptions(job.room(), candidate.get().identity(), track.sid(),
						agentState);
				Speaker speaker = new Speaker(track, recorder, captions, "speaker-" + job.id());
				Voice voice = new Voice(this.tts, speaker, "voice-" + job.id());
				VoiceActivity vad = new VoiceActivity(VoiceActivity.Settings.DEFAULTS);
				Listener listener = new Listener(vad, this.properties.bargeInMinSpeech(), voice::speaking,
						voice::interrupt, start)) {
			listener.listen(heard, recorder);
			BooleanSupplier gone = () -> job.ended() || listener.ended();
			InterviewState state = new InterviewState(plan, this.properties.maxFollowUps(), this.properties.maxHints(),
					start);
			run = new InterviewRun(state, new TurnTaking(listener, this.stt, this.properties, gone),
					new Interviewer(this.llm, state, new InterviewerTools(state, this.json, this.legacy)), voice,
					new Transcript(this.transcripts, captions, sessionId), agentState, this.turnLog, this.properties,
					gone, start);
			run.run();
		}
		finally {
			Object why = (job.ended()) ? job.endReason() : (run != null) ? run.state().endReason() : "failed to start";
			log.info("Job {}: interview for session {} over ({}); recording {}", job.id(), sessionId, why, recording);
			this.sessions.end(sessionId);
		}
	}

}
