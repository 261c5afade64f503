package ai.flo.interviewer.voice;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.agent.AgentJob;
import ai.flo.interviewer.agent.AgentJobHandler;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.interview.InterviewProperties;
import ai.flo.interviewer.interview.SessionPlans;
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
 * the dispatch metadata, plans the interview (or takes up the stored one where it stands:
 * {@link InterviewProgress}), conducts it, records it, and ends the session, which queues
 * its analysis (not for practice). A session that has ended is never interviewed again.
 * When the agent itself goes (the worker stops or crashes, its connection to the room
 * drops) the session stays LIVE with its progress stored, for another agent to carry on.
 * The session keeps its own record of the plan ({@link SessionPlans}): each question as
 * asked, answered, followed up and hinted, written by the agent in charge only, and the
 * questions not reached when the interview ended, with the reason it ended.
 * {@code USE_LEGACY_AGENT=true} runs the prompt-only interviewer instead.
 */
@Component
class VoiceInterviewer implements AgentJobHandler {

	private static final Logger log = LoggerFactory.getLogger(VoiceInterviewer.class);

	static final int SAMPLE_RATE = 16_000;

	/** How often the agent says it is alive while it runs an interview. */
	static final long ALIVE_EVERY_SECONDS = 5;

	private final PlanBuilder plans;

	private final SessionRecords sessions;

	private final SessionTranscripts transcripts;

	private final SpeechToText stt;

	private final TextToSpeech tts;

	private final LlmGateway llm;

	private final TurnLog turnLog;

	private final InterviewProgress progress;

	private final SessionPlans sessionPlans;

	private final JsonMapper json;

	private final VoiceProperties properties;

	private final DataFolders folders;

	private final boolean legacy;

	private final java.time.Duration rejoinGrace;

	/**
	 * How often the agent says it is alive: well within the reconciler's quiet period.
	 */
	private final long aliveEveryMs;

	VoiceInterviewer(PlanBuilder plans, SessionRecords sessions, SessionTranscripts transcripts, SpeechToText stt,
			TextToSpeech tts, LlmGateway llm, TurnLog turnLog, InterviewProgress progress, SessionPlans sessionPlans,
			JsonMapper json, VoiceProperties properties, @Value("${flo.agent.use-legacy-agent:false}") boolean legacy,
			DataFolders folders, InterviewProperties interviews) {
		this.sessionPlans = sessionPlans;
		this.rejoinGrace = interviews.rejoinGrace();
		this.aliveEveryMs = Math.max(250,
				Math.min(ALIVE_EVERY_SECONDS * 1000, interviews.agentQuietAfter().toMillis() / 3));
		this.plans = plans;
		this.sessions = sessions;
		this.transcripts = transcripts;
		this.stt = stt;
		this.tts = tts;
		this.llm = llm;
		this.turnLog = turnLog;
		this.progress = progress;
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
		if (!this.sessions.open(sessionId)) {
			log.warn("Job {}: session {} has ended: it is not interviewed again; leaving room {}", job.id(), sessionId,
					job.roomName());
			return;
		}
		job.staysWhenCandidateLeaves();
		Optional<InterviewProgress.Stored> stored = this.progress.load(sessionId);
		InterviewPlan plan = stored.map(InterviewProgress.Stored::plan).orElseGet(() -> this.plans.build(sessionId));
		Optional<RoomListener.Participant> candidate = job.awaitCandidate(this.properties.candidateTimeout());
		if (candidate.isEmpty()) {
			log.info("Job {}: the candidate did not join within {}", job.id(), this.properties.candidateTimeout());
			this.sessions.end(sessionId);
			return;
		}
		this.sessions.live(sessionId);
		AgentCharge charge = AgentCharge.take(this.sessions, sessionId, job.room().localIdentity(), this.aliveEveryMs);
		if (!this.legacy) {
			// Kept as first written: an interview carried on keeps the plan it began
			// with.
			// The legacy interviewer asks from its prompt alone: it has no plan to
			// record.
			recordPlan(sessionId, () -> this.sessionPlans.write(sessionId, planned(plan)));
		}
		long elapsedMs = stored.map((s) -> s.state().elapsedMs()).orElse(0L);
		long now = System.nanoTime();
		// One clock across agents: offsets count from the interview's start, wherever it
		// began.
		long start = now - elapsedMs * 1_000_000L;
		log.info("Job {}: {} session {} ({} questions, {} min{}{})", job.id(),
				stored.isPresent() ? "carrying on, " + elapsedMs / 1000 + " s in," : "interviewing for", sessionId,
				plan.items().size(), plan.length().toMinutes(), plan.practice() ? ", practice" : "",
				this.legacy ? ", legacy agent" : "");
		Path recording = RecordingParts.forRun(this.folders.sessionRecording(sessionId), elapsedMs);
		InterviewRun run = null;
		try (StereoRecorder recorder = new StereoRecorder(recording, now);
				AgentState agentState = new AgentState(job.room());
				LocalAudio track = job.room().publishAudio("interviewer", SAMPLE_RATE, 1, 100);
				RemoteAudio heard = job.room().subscribeAudio(candidate.get().identity(), SAMPLE_RATE, 1, 500);
				Transcriptions captions = new Transcriptions(job.room(), candidate.get().identity(), track.sid(),
						agentState);
				// Closed before the session ends (and its analysis reads the transcript):
				// every row written first.
				TranscriptRows rows = new TranscriptRows(this.transcripts, sessionId);
				Speaker speaker = new Speaker(track, recorder, captions, "speaker-" + job.id());
				Voice voice = new Voice(this.tts, speaker, "voice-" + job.id());
				VoiceActivity vad = new VoiceActivity(VoiceActivity.Settings.DEFAULTS);
				Listener listener = new Listener(vad, this.properties.bargeInMinSpeech(), voice::speaking,
						voice::interrupt, start)) {
			listener.listen(heard, recorder);
			BooleanSupplier gone = () -> job.ended() || charge.lost();
			InterviewState state = stored
				.map((s) -> InterviewState.resume(plan, s.state(), this.properties.maxFollowUps(),
						this.properties.maxHints(), start))
				.orElseGet(() -> new InterviewState(plan, this.properties.maxFollowUps(), this.properties.maxHints(),
						start));
			Runnable checkpoint = checkpoint(charge, plan, state, job.id());
			InterviewRun.Presence presence = new InterviewRun.Presence() {

				/**
				 * The candidate's arrivals heard so far: another one means they came
				 * back.
				 */
				private volatile int heard = job.candidateArrivals();

				@Override
				public boolean away() {
					return job.candidateAway() || job.candidateArrivals() != this.heard;
				}

				@Override
				public boolean awaitReturn() throws InterruptedException {
					// Within the grace, unless the session ends meanwhile (the candidate
					// left on
					// purpose, or an admin ended it).
					long deadline = System.nanoTime() + VoiceInterviewer.this.rejoinGrace.toNanos();
					Optional<RoomListener.Participant> back = Optional.empty();
					while (back.isEmpty() && !job.ended() && System.nanoTime() < deadline
							&& VoiceInterviewer.this.sessions.open(sessionId)) {
						back = job.awaitCandidateBack(
								java.time.Duration.ofNanos(Math.min(1_000_000_000L, deadline - System.nanoTime())));
					}
					if (back.isEmpty()) {
						return false;
					}
					this.heard = job.candidateArrivals();
					listener.listen(subscribe(job, back.get().identity()), recorder);
					return true;
				}

			};
			BooleanSupplier noTurn = () -> gone.getAsBoolean() || presence.away();
			run = new InterviewRun(state, new TurnTaking(listener, this.stt, this.properties, noTurn),
					new Interviewer(this.llm, state, new InterviewerTools(state, this.json, this.legacy)), voice,
					new Transcript(rows, captions), agentState, this.turnLog, this.properties, gone, start, checkpoint,
					presence);
			run.run();
		}
		finally {
			charge.close();
			finish(job, sessionId, run, recording, charge.lost());
		}
	}

	/**
	 * After every turn: stores where the interview stands and what became of the plan's
	 * questions, only while this agent is in charge (one that was replaced must not
	 * overwrite what its successor stores).
	 */
	Runnable checkpoint(AgentCharge charge, InterviewPlan plan, InterviewState state, String jobId) {
		return () -> {
			if (charge.stillMine()) {
				this.progress.save(plan, state.snapshot(System.nanoTime()), jobId);
				if (!this.legacy) {
					recordPlan(plan.sessionId(),
							() -> this.sessionPlans.progress(plan.sessionId(), state.planProgress()));
				}
			}
		};
	}

	/**
	 * Writes to the session's record of its plan; a failure costs the record, not the
	 * interview.
	 */
	private static void recordPlan(String sessionId, Runnable write) {
		try {
			write.run();
		}
		catch (RuntimeException ex) {
			log.warn("Session {}: the record of its plan could not be written: {}", sessionId, ex.toString());
		}
	}

	/** The plan as the session records it. */
	static java.util.List<SessionPlans.Planned> planned(InterviewPlan plan) {
		return plan.items()
			.stream()
			.map((item) -> new SessionPlans.Planned(item.questionId(), item.question(), item.idealAnswer(),
					item.skill(), item.difficulty(), item.source()))
			.toList();
	}

	/**
	 * Why the interview ended, for the session's record: the run's reason, else who ended
	 * the job.
	 */
	static String endReason(AgentJob job, InterviewRun run) {
		if (run != null && run.state().endReason() != null) {
			return run.state().endReason().name();
		}
		if (job.end() != null) {
			return job.end().name();
		}
		return (run == null) ? "FAILED_TO_START" : "STOPPED";
	}

	/**
	 * The candidate's microphone, once their participant is in the room again (its track
	 * may take a moment to be published).
	 */
	private static RemoteAudio subscribe(AgentJob job, String identity) throws InterruptedException {
		RuntimeException last = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				return job.room().subscribeAudio(identity, SAMPLE_RATE, 1, 500);
			}
			catch (RuntimeException ex) {
				last = ex;
				Thread.sleep(200);
			}
		}
		throw last;
	}

	/**
	 * The interview ended (its close, the candidate leaving, LiveKit ending the job): the
	 * session ends and the recording's parts are joined. The agent went instead (this
	 * worker stops, crashed, lost the room): the session stays LIVE, its progress stored,
	 * for the next agent.
	 */
	private void finish(AgentJob job, String sessionId, InterviewRun run, Path recording, boolean replaced) {
		boolean agentLost = (replaced || job.end() == AgentJob.End.AGENT_LOST) && (run == null || !run.state().ended());
		Object why = replaced ? "another agent took over"
				: (job.ended()) ? job.endReason() : (run != null) ? run.state().endReason() : "failed to start";
		if (agentLost) {
			log.info(
					"Job {}: the agent goes ({}), the interview for session {} does not: it stays LIVE to be carried on",
					job.id(), why, sessionId);
			return;
		}
		log.info("Job {}: interview for session {} over ({}); recording {}", job.id(), sessionId, why,
				recording.getParent());
		if (!replaced && !this.legacy) {
			recordPlan(sessionId, () -> this.sessionPlans.finish(sessionId, endReason(job, run)));
		}
		try {
			RecordingParts.join(this.folders.sessionRecording(sessionId));
		}
		catch (java.io.IOException ex) {
			log.warn("Session {}: the recording's parts could not be joined: {}", sessionId, ex.toString());
		}
		this.sessions.end(sessionId);
	}

}
