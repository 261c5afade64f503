package ai.flo.interviewer.livekit;

import java.io.IOException;
import java.time.Duration;

import io.livekit.server.AccessToken;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanSubscribe;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import io.livekit.server.RoomServiceClient;
import livekit.LivekitAgentDispatch.RoomAgentDispatch;
import livekit.LivekitRoom.RoomConfiguration;
import retrofit2.Response;

import org.springframework.stereotype.Component;

/**
 * Interview rooms on LiveKit through the server SDK: creates the room with the session's
 * metadata, dispatches our agent to it, and mints the candidate's token, whose room
 * configuration also dispatches the agent (LiveKit applies a token's configuration only
 * when that join creates the room, i.e. if the room expired before the candidate came).
 */
@Component
public class LiveKitRooms {

	private final LiveKitProperties properties;

	private final String agentName;

	LiveKitRooms(LiveKitProperties properties) {
		this.properties = properties;
		this.agentName = properties.agentName();
	}

	/** What a candidate needs to join. */
	public record Grant(String serverUrl, String token, String roomName, String identity) {
	}

	/** LiveKit is not configured: answered as 503 naming the variables. */
	public static class NotConfigured extends RuntimeException {

		NotConfigured() {
			super("LiveKit is not configured: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.");
		}

	}

	/** LiveKit did not do what we asked. */
	public static class Unavailable extends RuntimeException {

		Unavailable(String message, Throwable cause) {
			super(message, cause);
		}

	}

	public void ensureConfigured() {
		if (!this.properties.configured()) {
			throw new NotConfigured();
		}
	}

	/**
	 * Creates the room, dispatches the agent with {@code dispatchMetadata}, and returns a
	 * token for {@code identity} valid for {@code ttl}.
	 */
	public Grant open(String roomName, String roomMetadata, String identity, String displayName,
			String dispatchMetadata, Duration emptyTimeout, Duration ttl) {
		ensureConfigured();
		String api = httpUrl();
		RoomServiceClient roomService = RoomServiceClient.Companion.createClient(api, this.properties.apiKey(),
				this.properties.apiSecret());
		call(roomService.createRoom(roomName, (int) emptyTimeout.toSeconds(), 3, null, roomMetadata, null, null, null,
				(int) emptyTimeout.toSeconds()), "create the room");
		AgentDispatchServiceClient dispatch = AgentDispatchServiceClient.Companion.createClient(api,
				this.properties.apiKey(), this.properties.apiSecret());
		call(dispatch.createDispatch(roomName, this.agentName, dispatchMetadata), "dispatch the interviewer");
		return token(roomName, identity, displayName, dispatchMetadata, emptyTimeout, ttl);
	}

	/**
	 * A token to join the room again (a page reloaded, a connection lost): the same
	 * identity; its room configuration creates the room and dispatches our agent again
	 * when the room is gone.
	 */
	public Grant token(String roomName, String identity, String displayName, String dispatchMetadata,
			Duration emptyTimeout, Duration ttl) {
		ensureConfigured();
		AccessToken token = new AccessToken(this.properties.apiKey(), this.properties.apiSecret());
		token.setIdentity(identity);
		token.setName(displayName);
		token.setTtl(ttl.toMillis());
		token.addGrants(new RoomJoin(true), new RoomName(roomName), new CanPublish(true), new CanSubscribe(true),
				new CanPublishData(true));
		token.setRoomConfiguration(RoomConfiguration.newBuilder()
			.setName(roomName)
			.setEmptyTimeout((int) emptyTimeout.toSeconds())
			.addAgents(RoomAgentDispatch.newBuilder().setAgentName(this.agentName).setMetadata(dispatchMetadata))
			.build());
		return new Grant(this.properties.url().toString(), token.toJwt(), roomName, identity);
	}

	/**
	 * Who is in a room, as LiveKit says: whether LiveKit answered, whether the room
	 * exists, and the identities of those in it with whether each is an agent.
	 */
	public record Presence(boolean answered, boolean exists, java.util.Map<String, Boolean> participants) {

		public boolean anyAgent() {
			return this.participants.containsValue(Boolean.TRUE);
		}

		public boolean has(String identity) {
			return this.participants.containsKey(identity);
		}

		/** The identities of the agents in the room. */
		public java.util.List<String> agents() {
			return this.participants.entrySet()
				.stream()
				.filter(java.util.Map.Entry::getValue)
				.map(java.util.Map.Entry::getKey)
				.toList();
		}

	}

	/**
	 * Who is in the room now; not answered when LiveKit is not configured or unreachable.
	 */
	public Presence presence(String roomName) {
		if (!this.properties.configured()) {
			return new Presence(false, false, java.util.Map.of());
		}
		try {
			RoomServiceClient roomService = RoomServiceClient.Companion.createClient(httpUrl(),
					this.properties.apiKey(), this.properties.apiSecret());
			Response<java.util.List<livekit.LivekitModels.Room>> rooms = roomService
				.listRooms(java.util.List.of(roomName))
				.execute();
			if (!rooms.isSuccessful() || rooms.body() == null) {
				return new Presence(false, false, java.util.Map.of());
			}
			if (rooms.body().isEmpty()) {
				return new Presence(true, false, java.util.Map.of());
			}
			Response<java.util.List<livekit.LivekitModels.ParticipantInfo>> participants = roomService
				.listParticipants(roomName)
				.execute();
			if (!participants.isSuccessful() || participants.body() == null) {
				return new Presence(false, true, java.util.Map.of());
			}
			java.util.Map<String, Boolean> who = new java.util.LinkedHashMap<>();
			for (livekit.LivekitModels.ParticipantInfo participant : participants.body()) {
				who.put(participant.getIdentity(),
						participant.getKind() == livekit.LivekitModels.ParticipantInfo.Kind.AGENT);
			}
			return new Presence(true, true, who);
		}
		catch (IOException | RuntimeException ex) {
			return new Presence(false, false, java.util.Map.of());
		}
	}

	/**
	 * Dispatches our agent to an existing room again (the one that was there went away),
	 * with the same metadata as the first dispatch.
	 */
	public void dispatch(String roomName, String dispatchMetadata) {
		ensureConfigured();
		AgentDispatchServiceClient dispatch = AgentDispatchServiceClient.Companion.createClient(httpUrl(),
				this.properties.apiKey(), this.properties.apiSecret());
		call(dispatch.createDispatch(roomName, this.agentName, dispatchMetadata), "dispatch the interviewer again");
	}

	/**
	 * Removes a participant from a room (one whose process died: LiveKit would list it
	 * until its connection times out). Best effort: whether LiveKit did it.
	 */
	public boolean remove(String roomName, String identity) {
		if (!this.properties.configured()) {
			return false;
		}
		try {
			RoomServiceClient roomService = RoomServiceClient.Companion.createClient(httpUrl(),
					this.properties.apiKey(), this.properties.apiSecret());
			return roomService.removeParticipant(roomName, identity).execute().isSuccessful();
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Closes a room: every participant, our agent included, is disconnected. Best effort:
	 * false when LiveKit is not configured or could not be reached (the room then closes
	 * itself when it is empty).
	 */
	public boolean close(String roomName) {
		if (!this.properties.configured()) {
			return false;
		}
		try {
			RoomServiceClient roomService = RoomServiceClient.Companion.createClient(httpUrl(),
					this.properties.apiKey(), this.properties.apiSecret());
			Response<Void> response = roomService.deleteRoom(roomName).execute();
			return response.isSuccessful();
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private static <T> T call(retrofit2.Call<T> call, String what) {
		try {
			Response<T> response = call.execute();
			if (!response.isSuccessful()) {
				throw new Unavailable("LiveKit refused to " + what + " (HTTP " + response.code() + ")", null);
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new Unavailable("LiveKit could not be reached to " + what + ": " + ex.getMessage(), ex);
		}
	}

	private String httpUrl() {
		String url = this.properties.url().toString().replaceFirst("/+$", "");
		if (url.startsWith("ws://")) {
			return "http://" + url.substring(5);
		}
		if (url.startsWith("wss://")) {
			return "https://" + url.substring(6);
		}
		return url;
	}

}
