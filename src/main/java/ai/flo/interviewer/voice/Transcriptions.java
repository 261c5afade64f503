package ai.flo.interviewer.voice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.agent.rtc.TextStreamWriter;
import ai.flo.interviewer.shared.LogContext;

/**
 * Live captions of both speakers in LiveKit's standard form, as LiveKit's own agents send
 * them (livekit-agents {@code voice/room_io/_output.py}), so that any LiveKit front end
 * shows them: text streams on topic {@code lk.transcription} with the attributes
 * {@code lk.segment_id} (one id per utterance; its updates share it),
 * {@code lk.transcribed_track_id} (the audio track the words belong to) and
 * {@code lk.transcription_final} ({@code "true"}/{@code "false"}).
 * <ul>
 * <li>The candidate's words are sent on the candidate's behalf (the stream's sender is
 * the candidate, which LiveKit allows an agent and marks as generated): each update a
 * whole new stream carrying the text so far, interim then final, one segment per
 * turn.</li>
 * <li>The agent's words go out as they are heard: one stream per turn, opened when its
 * first sentence starts to play, each sentence's words released at about the pace of
 * speech as the sentence plays, and closed with {@code lk.transcription_final: "true"} in
 * its trailer when the turn's audio is over. Words of a sentence cut off by the candidate
 * (barge-in) are not sent: they were not heard.</li>
 * </ul>
 * Every call returns at once: a thread of its own talks to the room, in order.
 * Transcriptions are a courtesy; the transcript rows are the record.
 */
final class Transcriptions implements Speaker.Playback, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Transcriptions.class);

	static final String TOPIC = "lk.transcription";

	static final String SEGMENT_ID = "lk.segment_id";

	static final String TRACK_ID = "lk.transcribed_track_id";

	static final String FINAL = "lk.transcription_final";

	/**
	 * About how long a character takes to say (some 15 characters a second, 170 words a
	 * minute): the pace the agent's words are shown at while a sentence plays.
	 */
	static final long MILLIS_PER_CHAR = 62;

	private final Room room;

	private final String candidateIdentity;

	private final String agentTrackSid;

	private final AgentState state;

	private final ScheduledExecutorService thread;

	// Touched on this.thread only.

	private String candidateSegment;

	private TextStreamWriter agentStream;

	private final Deque<String> words = new ArrayDeque<>();

	private ScheduledFuture<?> nextWord;

	private boolean agentWrote;

	/**
	 * @param agentTrackSid the agent's own audio track
	 * @param state told when the agent's voice starts to play
	 */
	Transcriptions(Room room, String candidateIdentity, String agentTrackSid, AgentState state) {
		this.room = room;
		this.candidateIdentity = candidateIdentity;
		this.agentTrackSid = agentTrackSid;
		this.state = state;
		this.thread = Executors
			.newSingleThreadScheduledExecutor(LogContext.threads("transcriptions-" + room.name(), true));
	}

	/** The candidate's words so far in this turn; {@code isFinal} ends the turn. */
	void candidate(String text, boolean isFinal) {
		run(() -> {
			if (this.candidateSegment == null) {
				this.candidateSegment = segmentId();
			}
			Map<String, String> attributes = new HashMap<>();
			attributes.put(SEGMENT_ID, this.candidateSegment);
			attributes.put(FINAL, String.valueOf(isFinal));
			this.room.microphoneTrackSid(this.candidateIdentity).ifPresent((sid) -> attributes.put(TRACK_ID, sid));
			if (isFinal) {
				this.candidateSegment = null;
			}
			this.room.sendText(TOPIC, text, attributes, this.candidateIdentity);
		});
	}

	/** A sentence of the agent's starts to sound (the speaker's thread). */
	@Override
	public void sentence(String text) {
		this.state.set(AgentState.State.SPEAKING);
		run(() -> {
			releaseAll();
			if (this.agentStream == null) {
				this.agentStream = this.room.openTextStream(TOPIC,
						Map.of(SEGMENT_ID, segmentId(), TRACK_ID, this.agentTrackSid, FINAL, "false"), null);
				this.agentWrote = false;
			}
			List<String> pieces = words(text);
			if (this.agentWrote && !pieces.isEmpty()) {
				pieces.set(0, " " + pieces.get(0));
			}
			this.words.addAll(pieces);
			releaseNext();
		});
	}

	/** The candidate talked over the agent: what was not played yet is not shown. */
	@Override
	public void stopped() {
		run(() -> {
			this.words.clear();
			cancelPacing();
		});
	}

	/**
	 * The agent's turn is over (its audio has played): the rest of its words, and the
	 * segment is final.
	 */
	void agentDone() {
		run(this::closeAgentStream);
	}

	private void closeAgentStream() {
		releaseAll();
		if (this.agentStream != null) {
			TextStreamWriter stream = this.agentStream;
			this.agentStream = null;
			stream.close(Map.of(FINAL, "true", TRACK_ID, this.agentTrackSid));
		}
	}

	/** Sends the next word now and schedules the one after at the pace of speech. */
	private void releaseNext() {
		cancelPacing();
		String word = this.words.poll();
		if (word == null) {
			return;
		}
		write(word);
		if (!this.words.isEmpty()) {
			this.nextWord = this.thread.schedule(() -> guarded(this::releaseNext),
					Math.max(1, word.length()) * MILLIS_PER_CHAR, TimeUnit.MILLISECONDS);
		}
	}

	/** Sends every word still waiting (the next sentence, or the turn's end, is here). */
	private void releaseAll() {
		cancelPacing();
		if (!this.words.isEmpty()) {
			write(String.join("", this.words));
			this.words.clear();
		}
	}

	private void write(String text) {
		if (this.agentStream != null) {
			this.agentStream.write(text);
			this.agentWrote = true;
		}
	}

	private void cancelPacing() {
		if (this.nextWord != null) {
			this.nextWord.cancel(false);
			this.nextWord = null;
		}
	}

	/** A sentence in pieces of one word each, every piece keeping the space after it. */
	static List<String> words(String text) {
		List<String> pieces = new ArrayList<>();
		for (String piece : text.strip().split("(?<=\\s)(?=\\S)")) {
			if (!piece.isEmpty()) {
				pieces.add(piece);
			}
		}
		return pieces;
	}

	private static String segmentId() {
		return "SG_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	private void run(Runnable task) {
		try {
			this.thread.execute(() -> guarded(task));
		}
		catch (RejectedExecutionException ex) {
			// Closed: the interview is over.
		}
	}

	private void guarded(Runnable task) {
		try {
			if (this.room.isConnected()) {
				task.run();
			}
		}
		catch (RuntimeException ex) {
			log.debug("Transcription not sent: {}", ex.getMessage());
		}
	}

	/** Finishes the agent's open segment and stops. */
	@Override
	public void close() throws InterruptedException {
		run(this::closeAgentStream);
		this.thread.shutdown();
		if (!this.thread.awaitTermination(3, TimeUnit.SECONDS)) {
			this.thread.shutdownNow();
		}
	}

}
