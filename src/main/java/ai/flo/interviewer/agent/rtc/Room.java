package ai.flo.interviewer.agent.rtc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import ai.flo.interviewer.shared.LogContext;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import livekit.proto.AudioFrame.AudioSourceType;
import livekit.proto.AudioFrame.AudioStreamFromParticipantRequest;
import livekit.proto.AudioFrame.AudioStreamType;
import livekit.proto.AudioFrame.NewAudioSourceRequest;
import livekit.proto.DataStream.StreamSendTextRequest;
import livekit.proto.DataStream.StreamTextOptions;
import livekit.proto.DataStream.TextStreamOpenRequest;
import livekit.proto.DataStream.TextStreamReaderReadIncrementalRequest;
import livekit.proto.Ffi.FfiEvent;
import livekit.proto.Ffi.FfiRequest;
import livekit.proto.Participant.OwnedParticipant;
import livekit.proto.Room.AttributesEntry;
import livekit.proto.Room.ConnectCallback;
import livekit.proto.Room.ConnectRequest;
import livekit.proto.Room.DisconnectRequest;
import livekit.proto.Room.PublishDataRequest;
import livekit.proto.Room.PublishTrackRequest;
import livekit.proto.Room.ReadyForRoomEventRequest;
import livekit.proto.Room.RoomEvent;
import livekit.proto.Room.RoomOptions;
import livekit.proto.Room.SetLocalAttributesRequest;
import livekit.proto.Room.TrackPublishOptions;
import livekit.proto.Track.CreateAudioTrackRequest;
import livekit.proto.Track.TrackPublicationInfo;
import livekit.proto.Track.TrackSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a LiveKit room through the FFI engine: events, remote audio as PCM at
 * the rate and channel count asked for, local audio published from PCM, data messages,
 * text streams (sent, and received on the topics the listener asks for), and the local
 * participant's attributes. {@link #close()} disconnects and releases every native handle
 * and thread it took.
 */
public final class Room implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Room.class);

	private static final Pattern TOKEN = Pattern
		.compile("[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");

	private final FfiEngine engine;

	private final RoomListener listener;

	private final long roomHandle;

	private final long localParticipantHandle;

	private final String name;

	private final String localIdentity;

	private final Map<String, Long> participantHandles = new ConcurrentHashMap<>();

	private final Map<String, RoomListener.Participant> participants = new ConcurrentHashMap<>();

	/** Each remote participant's microphone track, by identity. */
	private final Map<String, String> microphones = new ConcurrentHashMap<>();

	/** Incoming text streams being read, by reader handle. */
	private final Map<Long, IncomingText> incoming = new ConcurrentHashMap<>();

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	private final ExecutorService events;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean connected = true;

	// Set while the library is resuming or restarting the connection.
	private final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> reconnecting = new java.util.concurrent.atomic.AtomicReference<>();

	private Room(FfiEngine engine, RoomListener listener, ConnectCallback.Result result) {
		this.engine = engine;
		this.listener = listener;
		this.roomHandle = engine.own(result.getRoom().getHandle().getId());
		this.localParticipantHandle = engine.own(result.getLocalParticipant().getHandle().getId());
		this.name = result.getRoom().getInfo().getName();
		this.localIdentity = result.getLocalParticipant().getInfo().getIdentity();
		this.events = Executors.newSingleThreadExecutor(LogContext.threads("room-" + this.name, false));
		for (ConnectCallback.ParticipantWithTracks present : result.getParticipantsList()) {
			remember(present.getParticipant());
			String identity = present.getParticipant().getInfo().getIdentity();
			present.getPublicationsList().forEach((publication) -> {
				engine.drop(engine.own(publication.getHandle().getId()));
				published(identity, publication.getInfo());
			});
		}
	}

	/**
	 * Connects, waits for the room, and starts delivering events to {@code listener}.
	 * @throws IllegalStateException with the server's reason (the token itself removed)
	 */
	public static Room connect(String url, String token, RoomListener listener, Duration timeout) {
		FfiEngine engine = FfiEngine.get();
		long asyncId = engine.newAsyncId();
		FfiEvent event = engine.call(FfiRequest.newBuilder()
			.setConnect(ConnectRequest.newBuilder()
				.setUrl(url)
				.setToken(token)
				.setRequestAsyncId(asyncId)
				.setOptions(RoomOptions.newBuilder().setAutoSubscribe(true))), asyncId, timeout.toMillis());
		ConnectCallback callback = event.getConnect();
		if (callback.hasError()) {
			throw new IllegalStateException(
					"Joining the room at " + url + " failed: " + redactToken(callback.getError()));
		}
		Room room = new Room(engine, (listener != null) ? listener : new RoomListener() {
		}, callback.getResult());
		engine.routeRoom(room.roomHandle, room::onEvent);
		// The library holds back room events until we say we are ready (and panics if we
		// never do).
		engine.request(FfiRequest.newBuilder()
			.setReadyForRoomEvent(ReadyForRoomEventRequest.newBuilder().setRoomHandle(room.roomHandle))
			.build());
		return room;
	}

	public String name() {
		return this.name;
	}

	public String localIdentity() {
		return this.localIdentity;
	}

	public boolean isConnected() {
		return this.connected && !this.closed.get();
	}

	/** Remote participants now in the room. */
	public List<RoomListener.Participant> participants() {
		return List.copyOf(this.participants.values());
	}

	public Optional<RoomListener.Participant> participant(String identity) {
		return Optional.ofNullable(this.participants.get(identity));
	}

	/**
	 * The sid of a remote participant's published microphone track (what LiveKit's
	 * transcriptions name in {@code lk.transcribed_track_id}), if it has one now.
	 */
	public Optional<String> microphoneTrackSid(String identity) {
		return Optional.ofNullable(this.microphones.get(identity));
	}

	/**
	 * Receives a participant's microphone as PCM, resampled and mixed by the library to
	 * the rate and channel count asked for (16 kHz mono for speech recognition). Works
	 * before the participant has published: frames flow once the track appears.
	 * @param capacityFrames frames kept when the reader falls behind; the oldest are
	 * dropped (and counted)
	 */
	public RemoteAudio subscribeAudio(String participantIdentity, int sampleRate, int channels, int capacityFrames) {
		Long participant = this.participantHandles.get(participantIdentity);
		if (participant == null) {
			throw new IllegalArgumentException("No participant '" + participantIdentity + "' in room " + this.name);
		}
		long stream = this.engine.own(
				this.engine
					.request(FfiRequest.newBuilder()
						.setAudioStreamFromParticipant(AudioStreamFromParticipantRequest.newBuilder()
							.setParticipantHandle(participant)
							.setType(AudioStreamType.AUDIO_STREAM_NATIVE)
							.setTrackSource(TrackSource.SOURCE_MICROPHONE)
							.setSampleRate(sampleRate)
							.setNumChannels(channels)
							// The library's own queue before frames reach us: a second
							// absorbs a busy machine's
							// scheduling hiccups (at the default it dropped frames under
							// full CPU load).
							.setQueueSizeFrames(Math.max(10, Math.min(capacityFrames, 100))))
						.build())
					.getAudioStreamFromParticipant()
					.getStream()
					.getHandle()
					.getId());
		RemoteAudio audio = new RemoteAudio(this.engine, stream, participantIdentity, capacityFrames);
		this.resources.add(audio);
		return audio;
	}

	/**
	 * Publishes a microphone track fed from PCM. {@link LocalAudio#write} blocks while
	 * the library's queue ({@code queueMillis}) is full: the caller is paced in real
	 * time.
	 */
	public LocalAudio publishAudio(String trackName, int sampleRate, int channels, int queueMillis) {
		long source = this.engine.own(
				this.engine
					.request(FfiRequest.newBuilder()
						.setNewAudioSource(NewAudioSourceRequest.newBuilder()
							.setType(AudioSourceType.AUDIO_SOURCE_NATIVE)
							.setSampleRate(sampleRate)
							.setNumChannels(channels)
							.setQueueSizeMs(queueMillis))
						.build())
					.getNewAudioSource()
					.getSource()
					.getHandle()
					.getId());
		long track = this.engine.own(
				this.engine
					.request(FfiRequest.newBuilder()
						.setCreateAudioTrack(
								CreateAudioTrackRequest.newBuilder().setName(trackName).setSourceHandle(source))
						.build())
					.getCreateAudioTrack()
					.getTrack()
					.getHandle()
					.getId());
		long asyncId = this.engine.newAsyncId();
		FfiEvent published;
		try {
			published = this.engine.call(FfiRequest.newBuilder()
				.setPublishTrack(PublishTrackRequest.newBuilder()
					.setLocalParticipantHandle(this.localParticipantHandle)
					.setTrackHandle(track)
					.setOptions(TrackPublishOptions.newBuilder().setSource(TrackSource.SOURCE_MICROPHONE))
					.setRequestAsyncId(asyncId)), asyncId, 15_000);
		}
		catch (RuntimeException ex) {
			this.engine.drop(track);
			this.engine.drop(source);
			throw ex;
		}
		if (published.getPublishTrack().hasError()) {
			this.engine.drop(track);
			this.engine.drop(source);
			throw new IllegalStateException("Publishing audio failed: " + published.getPublishTrack().getError());
		}
		long publication = this.engine.own(published.getPublishTrack().getPublication().getHandle().getId());
		LocalAudio audio = new LocalAudio(this.engine, source, track, publication,
				published.getPublishTrack().getPublication().getInfo().getSid(), sampleRate, channels);
		this.resources.add(audio);
		return audio;
	}

	/** Sends a data message to everyone in the room (or to {@code recipients}). */
	public void sendData(byte[] data, String topic, boolean reliable, String... recipients) {
		ensureConnected();
		try (Memory buffer = new Memory(Math.max(1, data.length))) {
			buffer.write(0, data, 0, data.length);
			long asyncId = this.engine.newAsyncId();
			PublishDataRequest.Builder request = PublishDataRequest.newBuilder()
				.setLocalParticipantHandle(this.localParticipantHandle)
				.setDataPtr(Pointer.nativeValue(buffer))
				.setDataLen(data.length)
				.setReliable(reliable)
				.setRequestAsyncId(asyncId)
				.addAllDestinationIdentities(List.of(recipients));
			if (topic != null) {
				request.setTopic(topic);
			}
			FfiEvent sent = this.engine.call(FfiRequest.newBuilder().setPublishData(request), asyncId, 10_000);
			if (sent.getPublishData().hasError()) {
				throw new IllegalStateException("Sending data failed: " + sent.getPublishData().getError());
			}
		}
	}

	/**
	 * Sets attributes of the local participant (merged with those it has: LiveKit keeps
	 * the others, and removes a key set to {@code ""}). Everyone in the room sees them
	 * change. Needs the token's {@code canUpdateOwnMetadata}, which agent tokens carry.
	 */
	public void setAttributes(Map<String, String> attributes) {
		ensureConnected();
		long asyncId = this.engine.newAsyncId();
		SetLocalAttributesRequest.Builder request = SetLocalAttributesRequest.newBuilder()
			.setLocalParticipantHandle(this.localParticipantHandle)
			.setRequestAsyncId(asyncId);
		attributes
			.forEach((key, value) -> request.addAttributes(AttributesEntry.newBuilder().setKey(key).setValue(value)));
		FfiEvent set = this.engine.call(FfiRequest.newBuilder().setSetLocalAttributes(request), asyncId, 10_000);
		if (set.getSetLocalAttributes().hasError()) {
			throw new IllegalStateException("Setting attributes failed: " + set.getSetLocalAttributes().getError());
		}
	}

	/**
	 * Sends {@code text} as one whole text stream on {@code topic} to everyone in the
	 * room.
	 * @param senderIdentity the participant the stream is attributed to, or null for
	 * ourselves; LiveKit lets only agents name another participant (their transcription),
	 * and marks such a stream as generated
	 */
	public void sendText(String topic, String text, Map<String, String> attributes, String senderIdentity) {
		ensureConnected();
		long asyncId = this.engine.newAsyncId();
		FfiEvent sent = this.engine.call(FfiRequest.newBuilder()
			.setSendText(StreamSendTextRequest.newBuilder()
				.setLocalParticipantHandle(this.localParticipantHandle)
				.setOptions(textOptions(topic, attributes, senderIdentity))
				.setText(text)
				.setRequestAsyncId(asyncId)), asyncId, 10_000);
		if (sent.getSendText().hasError()) {
			throw new IllegalStateException("Sending text failed: " + sent.getSendText().getError().getDescription());
		}
	}

	/**
	 * Opens a text stream on {@code topic} to everyone in the room: its header (with
	 * {@code attributes}) goes out now, its text as {@link TextStreamWriter#write} is
	 * called.
	 * @param senderIdentity as for {@link #sendText}
	 */
	public TextStreamWriter openTextStream(String topic, Map<String, String> attributes, String senderIdentity) {
		ensureConnected();
		long asyncId = this.engine.newAsyncId();
		FfiEvent opened = this.engine.call(FfiRequest.newBuilder()
			.setTextStreamOpen(TextStreamOpenRequest.newBuilder()
				.setLocalParticipantHandle(this.localParticipantHandle)
				.setOptions(textOptions(topic, attributes, senderIdentity))
				.setRequestAsyncId(asyncId)), asyncId, 10_000);
		var callback = opened.getTextStreamOpen();
		if (callback.hasError()) {
			throw new IllegalStateException("Opening a text stream failed: " + callback.getError().getDescription());
		}
		TextStreamWriter writer = new TextStreamWriter(this.engine,
				this.engine.own(callback.getWriter().getHandle().getId()),
				callback.getWriter().getInfo().getStreamId());
		this.resources.add(writer);
		return writer;
	}

	private static StreamTextOptions textOptions(String topic, Map<String, String> attributes, String senderIdentity) {
		StreamTextOptions.Builder options = StreamTextOptions.newBuilder().setTopic(topic).putAllAttributes(attributes);
		if (senderIdentity != null) {
			options.setSenderIdentity(senderIdentity);
		}
		return options.build();
	}

	private void ensureConnected() {
		if (!isConnected()) {
			throw new IllegalStateException("Room " + this.name + " is not connected");
		}
	}

	private void onEvent(FfiEvent event) {
		RoomEvent roomEvent = event.getRoomEvent();
		// Handles are taken on the native thread (so none escapes), listeners run on
		// ours.
		switch (roomEvent.getMessageCase()) {
			case PARTICIPANT_CONNECTED -> {
				RoomListener.Participant participant = remember(roomEvent.getParticipantConnected().getInfo());
				dispatch(() -> this.listener.participantConnected(participant));
			}
			case PARTICIPANT_DISCONNECTED -> {
				String identity = roomEvent.getParticipantDisconnected().getParticipantIdentity();
				this.participants.remove(identity);
				this.microphones.remove(identity);
				Long handle = this.participantHandles.remove(identity);
				if (handle != null) {
					this.engine.drop(handle);
				}
				String reason = roomEvent.getParticipantDisconnected().getDisconnectReason().name();
				dispatch(() -> this.listener.participantDisconnected(identity, reason));
			}
			case TRACK_PUBLISHED -> {
				var published = roomEvent.getTrackPublished();
				this.engine.drop(this.engine.own(published.getPublication().getHandle().getId()));
				var info = published.getPublication().getInfo();
				published(published.getParticipantIdentity(), info);
				dispatch(() -> this.listener.trackPublished(published.getParticipantIdentity(), info.getSid(),
						info.getKind().name(), info.getSource().name()));
			}
			case TRACK_UNPUBLISHED -> {
				var unpublished = roomEvent.getTrackUnpublished();
				this.microphones.remove(unpublished.getParticipantIdentity(), unpublished.getPublicationSid());
			}
			case PARTICIPANT_ATTRIBUTES_CHANGED -> {
				var changed = roomEvent.getParticipantAttributesChanged();
				Map<String, String> all = entries(changed.getAttributesList());
				Map<String, String> delta = entries(changed.getChangedAttributesList());
				RoomListener.Participant known = this.participants.computeIfPresent(changed.getParticipantIdentity(),
						(identity, p) -> new RoomListener.Participant(p.identity(), p.name(), p.kind(), p.metadata(),
								all));
				if (known != null) {
					dispatch(() -> this.listener.attributesChanged(known, delta));
				}
			}
			case TEXT_STREAM_OPENED -> {
				var opened = roomEvent.getTextStreamOpened();
				long reader = this.engine.own(opened.getReader().getHandle().getId());
				var info = opened.getReader().getInfo();
				if (this.listener.textTopics().contains(info.getTopic())) {
					read(reader, new IncomingText(opened.getParticipantIdentity(), info.getTopic(), info.getStreamId(),
							info.getAttributesMap()));
				}
				else {
					this.engine.drop(reader);
				}
			}
			case BYTE_STREAM_OPENED ->
				// Nobody here reads byte streams (files): released unread.
				this.engine.drop(this.engine.own(roomEvent.getByteStreamOpened().getReader().getHandle().getId()));
			case TRACK_SUBSCRIBED -> {
				// The library releases remote track handles itself on unsubscribe or
				// disconnect.
				var subscribed = roomEvent.getTrackSubscribed();
				var info = subscribed.getTrack().getInfo();
				dispatch(() -> this.listener.trackSubscribed(subscribed.getParticipantIdentity(), info.getSid(),
						info.getKind().name()));
			}
			case TRACK_UNSUBSCRIBED -> {
				var unsubscribed = roomEvent.getTrackUnsubscribed();
				dispatch(() -> this.listener.trackUnsubscribed(unsubscribed.getParticipantIdentity(),
						unsubscribed.getTrackSid()));
			}
			case DATA_PACKET_RECEIVED -> {
				var packet = roomEvent.getDataPacketReceived();
				if (packet.hasUser()) {
					var buffer = packet.getUser().getData();
					long handle = this.engine.own(buffer.getHandle().getId());
					byte[] data = new Pointer(buffer.getData().getDataPtr()).getByteArray(0,
							(int) buffer.getData().getDataLen());
					this.engine.drop(handle);
					String topic = packet.getUser().hasTopic() ? packet.getUser().getTopic() : null;
					dispatch(() -> this.listener.dataReceived(packet.getParticipantIdentity(), topic, data));
				}
			}
			case RECONNECTING -> {
				this.reconnecting.compareAndSet(null, new java.util.concurrent.CountDownLatch(1));
				dispatch(this.listener::reconnecting);
			}
			case RECONNECTED -> {
				settleReconnect();
				dispatch(this.listener::reconnected);
			}
			case DISCONNECTED -> {
				settleReconnect();
				this.connected = false;
				String reason = roomEvent.getDisconnected().getReason().name();
				dispatch(() -> this.listener.disconnected(reason));
			}
			default -> {
			}
		}
	}

	private void published(String identity, TrackPublicationInfo info) {
		if (info.getSource() == TrackSource.SOURCE_MICROPHONE) {
			this.microphones.put(identity, info.getSid());
		}
	}

	private static Map<String, String> entries(List<AttributesEntry> entries) {
		Map<String, String> map = new java.util.LinkedHashMap<>();
		entries.forEach((entry) -> map.put(entry.getKey(), entry.getValue()));
		return java.util.Collections.unmodifiableMap(map);
	}

	/**
	 * Reads an incoming text stream chunk by chunk; the listener gets it whole. Called on
	 * the native thread: the route is in place at once, the request to start reading is
	 * made from our event thread (never a request from inside the library's callback).
	 */
	private void read(long reader, IncomingText text) {
		this.incoming.put(reader, text);
		this.engine.routeStream(reader, (event) -> {
			var readerEvent = event.getTextStreamReaderEvent();
			if (readerEvent.hasChunkReceived()) {
				text.append(readerEvent.getChunkReceived().getContent());
			}
			else if (readerEvent.hasEos()) {
				finishReading(reader);
				if (!readerEvent.getEos().hasError()) {
					RoomListener.TextMessage message = text.message(readerEvent.getEos().getAttributesMap());
					dispatch(() -> this.listener.textReceived(message));
				}
			}
		});
		dispatch(() -> {
			try {
				this.engine.request(FfiRequest.newBuilder()
					.setTextReadIncremental(TextStreamReaderReadIncrementalRequest.newBuilder().setReaderHandle(reader))
					.build());
			}
			catch (RuntimeException ex) {
				finishReading(reader);
				log.debug("Reading a text stream of {} failed: {}", this.name, ex.getMessage());
			}
		});
	}

	private void finishReading(long reader) {
		if (this.incoming.remove(reader) != null) {
			this.engine.unrouteStream(reader);
			this.engine.drop(reader);
		}
	}

	/** A text stream being received: its header, and its text so far (bounded). */
	private static final class IncomingText {

		/** More than a transcription or chat message ever holds; the rest is dropped. */
		private static final int MAX_CHARS = 64 * 1024;

		private final String sender;

		private final String topic;

		private final String streamId;

		private final Map<String, String> attributes;

		private final StringBuilder text = new StringBuilder();

		IncomingText(String sender, String topic, String streamId, Map<String, String> attributes) {
			this.sender = sender;
			this.topic = topic;
			this.streamId = streamId;
			this.attributes = Map.copyOf(attributes);
		}

		synchronized void append(String chunk) {
			this.text.append(chunk, 0, Math.min(chunk.length(), Math.max(0, MAX_CHARS - this.text.length())));
		}

		synchronized RoomListener.TextMessage message(Map<String, String> trailer) {
			Map<String, String> merged = new java.util.LinkedHashMap<>(this.attributes);
			merged.putAll(trailer);
			return new RoomListener.TextMessage(this.sender, this.topic, this.streamId, Map.copyOf(merged),
					this.text.toString());
		}

	}

	private void settleReconnect() {
		java.util.concurrent.CountDownLatch latch = this.reconnecting.getAndSet(null);
		if (latch != null) {
			latch.countDown();
		}
	}

	private RoomListener.Participant remember(OwnedParticipant owned) {
		var info = owned.getInfo();
		long handle = this.engine.own(owned.getHandle().getId());
		Long previous = this.participantHandles.put(info.getIdentity(), handle);
		if (previous != null && previous != handle) {
			this.engine.drop(previous);
		}
		RoomListener.Participant participant = new RoomListener.Participant(info.getIdentity(), info.getName(),
				info.getKind().name(), info.getMetadata(), Map.copyOf(info.getAttributesMap()));
		this.participants.put(info.getIdentity(), participant);
		return participant;
	}

	private void dispatch(Runnable task) {
		if (this.closed.get()) {
			return;
		}
		try {
			this.events.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					log.warn("A room listener of {} failed", this.name, ex);
				}
			});
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// Closing.
		}
	}

	/** Disconnects and releases every native handle and the event thread. Idempotent. */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		for (AutoCloseable resource : this.resources) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				log.debug("Closing a resource of room {} failed", this.name, ex);
			}
		}
		// Disconnecting while the library restarts a lost connection has crashed the
		// process (a panic
		// in the native engine, seen once when the server went away mid-job): let the
		// attempt settle.
		java.util.concurrent.CountDownLatch pending = this.reconnecting.get();
		if (pending != null) {
			try {
				if (!pending.await(15, TimeUnit.SECONDS)) {
					log.warn("Room {} still reconnecting after 15 s; disconnecting anyway", this.name);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			long asyncId = this.engine.newAsyncId();
			this.engine.call(FfiRequest.newBuilder()
				.setDisconnect(
						DisconnectRequest.newBuilder().setRoomHandle(this.roomHandle).setRequestAsyncId(asyncId)),
					asyncId, 10_000);
		}
		catch (RuntimeException ex) {
			log.warn("Disconnecting from room {} failed: {}", this.name, ex.getMessage());
		}
		this.connected = false;
		this.engine.unrouteRoom(this.roomHandle);
		this.incoming.keySet().forEach(this::finishReading);
		this.participantHandles.values().forEach(this.engine::drop);
		this.participantHandles.clear();
		this.engine.drop(this.localParticipantHandle);
		this.engine.drop(this.roomHandle);
		this.events.shutdown();
		try {
			if (!this.events.awaitTermination(5, TimeUnit.SECONDS)) {
				this.events.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.events.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	public static String redactToken(String message) {
		return TOKEN.matcher(message).replaceAll("<token>");
	}

}
