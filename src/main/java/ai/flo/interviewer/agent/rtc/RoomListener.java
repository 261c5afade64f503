package ai.flo.interviewer.agent.rtc;

/**
 * What happens in a room. Called on the room's own event thread, in order; a slow
 * listener delays the room's later events, never the native library.
 */
public interface RoomListener {

	default void participantConnected(Participant participant) {
	}

	default void participantDisconnected(String identity, String reason) {
	}

	default void trackPublished(String participantIdentity, String trackSid, String kind, String source) {
	}

	default void trackSubscribed(String participantIdentity, String trackSid, String kind) {
	}

	default void trackUnsubscribed(String participantIdentity, String trackSid) {
	}

	default void dataReceived(String participantIdentity, String topic, byte[] data) {
	}

	/**
	 * A remote participant's attributes changed ({@code changed}: the keys that did; the
	 * participant carries them all).
	 */
	default void attributesChanged(Participant participant, java.util.Map<String, String> changed) {
	}

	/** The text-stream topics whose streams this listener reads; others are dropped. */
	default java.util.Set<String> textTopics() {
		return java.util.Set.of();
	}

	/** A whole text stream on one of {@link #textTopics()}. */
	default void textReceived(TextMessage message) {
	}

	default void reconnecting() {
	}

	default void reconnected() {
	}

	/** The room connection ended (server, network or our own disconnect). */
	default void disconnected(String reason) {
	}

	/**
	 * A text stream received whole.
	 *
	 * @param senderIdentity who the stream is from (an agent may send on another
	 * participant's behalf: its transcription)
	 * @param attributes the header's attributes with the trailer's merged in
	 */
	record TextMessage(String senderIdentity, String topic, String streamId, java.util.Map<String, String> attributes,
			String text) {
	}

	/** A remote participant as the room reports it. */
	record Participant(String identity, String name, String kind, String metadata,
			java.util.Map<String, String> attributes) {
	}

}
