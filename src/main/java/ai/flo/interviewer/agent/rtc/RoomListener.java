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

	default void reconnecting() {
	}

	default void reconnected() {
	}

	/** The room connection ended (server, network or our own disconnect). */
	default void disconnected(String reason) {
	}

	/** A remote participant as the room reports it. */
	record Participant(String identity, String name, String kind, String metadata,
			java.util.Map<String, String> attributes) {
	}

}
