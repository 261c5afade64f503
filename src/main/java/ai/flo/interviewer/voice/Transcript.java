package ai.flo.interviewer.voice;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.interview.SessionTranscripts;

/**
 * What was said, by whom and when, goes here and only here: a row of the session's
 * transcript, and a live caption on the room's data topic ({@code flo.captions}). Times
 * are milliseconds from the start of the interview.
 */
final class Transcript {

	private static final Logger log = LoggerFactory.getLogger(Transcript.class);

	/** A caption as the front end reads it. */
	record Caption(String speaker, String text, @JsonProperty("final") boolean isFinal, long atMs) {
	}

	private final SessionTranscripts transcripts;

	private final Room room;

	private final JsonMapper json;

	private final String topic;

	private final String sessionId;

	private final long startNanos;

	Transcript(SessionTranscripts transcripts, Room room, JsonMapper json, String topic, String sessionId,
			long startNanos) {
		this.transcripts = transcripts;
		this.room = room;
		this.json = json;
		this.topic = topic;
		this.sessionId = sessionId;
		this.startNanos = startNanos;
	}

	void candidate(String text, long startMs, long endMs) {
		said("candidate", text, startMs, endMs);
	}

	void interviewer(String text, long startMs, long endMs) {
		said("interviewer", text, startMs, endMs);
	}

	private void said(String speaker, String text, long startMs, long endMs) {
		this.transcripts.append(this.sessionId, speaker, text, startMs, endMs);
		try {
			Caption caption = new Caption(speaker, text, true, (System.nanoTime() - this.startNanos) / 1_000_000);
			this.room.sendData(this.json.writeValueAsBytes(caption), this.topic, true);
		}
		catch (RuntimeException ex) {
			// Captions are a courtesy: the transcript row is what counts.
			log.debug("Caption not sent: {}", ex.getMessage());
		}
	}

}
