package ai.flo.interviewer.agent.rtc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import livekit.proto.Ffi.FfiEvent;
import livekit.proto.Ffi.FfiRequest;
import livekit.proto.Ffi.FfiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide LiveKit FFI engine (the library holds one server per process). Sends
 * requests, matches asynchronous callbacks by the id we chose, routes room and
 * audio-stream events to their owners, and keeps the books on native handles so a leak
 * can be counted.
 * <p>
 * Native threads call {@link #onEvent}: it copies the bytes (freed when it returns),
 * never blocks, never throws.
 */
public final class FfiEngine {

	private static final Logger log = LoggerFactory.getLogger(FfiEngine.class);

	/**
	 * System property naming the library file; by default JNA finds it on the classpath.
	 */
	public static final String LIBRARY_PROPERTY = "livekit.ffi.library";

	private static volatile FfiEngine instance;

	/** Told once when the library reports a panic (whoever must stop taking work). */
	private static final List<Consumer<String>> panicListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final LiveKitNative library;

	// Must stay strongly reachable while the library lives: native code keeps the
	// pointer.
	private final LiveKitNative.EventCallback callback;

	private final Map<Long, CompletableFuture<FfiEvent>> pending = new ConcurrentHashMap<>();

	private final Map<Long, Consumer<FfiEvent>> roomRoutes = new ConcurrentHashMap<>();

	private final Map<Long, Consumer<FfiEvent>> streamRoutes = new ConcurrentHashMap<>();

	private final Set<Long> ownedHandles = ConcurrentHashMap.newKeySet();

	/**
	 * Where the library writes a response's pointer and length: one pair per thread,
	 * reused (each is a small native allocation, freed only by the garbage collector's
	 * cleaner; audio is written 100 frames a second per track).
	 */
	private static final ThreadLocal<ResponseSlots> responseSlots = ThreadLocal.withInitial(ResponseSlots::new);

	// Our async ids start high so they never meet the ids the library hands out itself.
	private final AtomicLong nextAsyncId = new AtomicLong(1L << 48);

	private volatile String panic;

	private FfiEngine(LiveKitNative library) {
		this.library = library;
		this.callback = this::onEvent;
		Native.setCallbackThreadInitializer(this.callback, new CallbackThreadInitializer(true, false, "livekit-ffi"));
		// capture_logs=false: the library would send every trace record as an event;
		// RUST_LOG rules stderr.
		library.livekit_ffi_initialize(this.callback, (byte) 0, "rust", "flo-interviewer");
	}

	/** The engine, loading the library on first use. */
	public static FfiEngine get() {
		FfiEngine engine = instance;
		if (engine == null) {
			synchronized (FfiEngine.class) {
				engine = instance;
				if (engine == null) {
					engine = new FfiEngine(load());
					instance = engine;
				}
			}
		}
		return engine;
	}

	private static LiveKitNative load() {
		String path = System.getProperty(LIBRARY_PROPERTY);
		try {
			return Native.load((path != null) ? path : "livekit_ffi", LiveKitNative.class);
		}
		catch (UnsatisfiedLinkError ex) {
			throw new IllegalStateException(
					"Cannot load LiveKit's FFI library (liblivekit_ffi.so, linux x86-64, glibc 2.28+)"
							+ ((path != null) ? " from " + path : " from the classpath") + ": " + ex.getMessage(),
					ex);
		}
	}

	long newAsyncId() {
		return this.nextAsyncId.getAndIncrement();
	}

	/** Registers for the callback of {@code asyncId}; call before sending the request. */
	CompletableFuture<FfiEvent> expect(long asyncId) {
		return this.pending.computeIfAbsent(asyncId, (id) -> new CompletableFuture<>());
	}

	FfiResponse request(FfiRequest request) {
		if (this.panic != null) {
			throw new IllegalStateException("LiveKit's FFI library has panicked: " + this.panic);
		}
		byte[] bytes = request.toByteArray();
		ResponseSlots slots = responseSlots.get();
		PointerByReference response = slots.response;
		LongByReference length = slots.length;
		long handle = this.library.livekit_ffi_request(bytes, bytes.length, response, length);
		if (handle == 0) {
			throw new IllegalStateException("LiveKit's FFI library rejected the request " + request.getMessageCase());
		}
		try {
			return FfiResponse.parseFrom(response.getValue().getByteArray(0, (int) length.getValue()));
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			this.library.livekit_ffi_drop_handle(handle);
		}
	}

	/** Sends an asynchronous request and waits for its callback. */
	FfiEvent call(FfiRequest.Builder request, long asyncId, long timeoutMillis) {
		CompletableFuture<FfiEvent> callback = expect(asyncId);
		try {
			request(request.build());
			return callback.get(timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted waiting for " + request.getMessageCase(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(
					"No answer to " + request.getMessageCase() + " within " + timeoutMillis + " ms", ex);
		}
		finally {
			this.pending.remove(asyncId);
		}
	}

	/** Records a handle the library gave us; we must {@link #drop} it once. */
	long own(long handle) {
		if (handle != 0) {
			this.ownedHandles.add(handle);
		}
		return handle;
	}

	void drop(long handle) {
		if (handle != 0 && this.ownedHandles.remove(handle)) {
			this.library.livekit_ffi_drop_handle(handle);
		}
	}

	void routeRoom(long roomHandle, Consumer<FfiEvent> route) {
		this.roomRoutes.put(roomHandle, route);
	}

	void unrouteRoom(long roomHandle) {
		this.roomRoutes.remove(roomHandle);
	}

	void routeStream(long streamHandle, Consumer<FfiEvent> route) {
		this.streamRoutes.put(streamHandle, route);
	}

	void unrouteStream(long streamHandle) {
		this.streamRoutes.remove(streamHandle);
	}

	/**
	 * Native handles we hold and have not dropped yet: zero when every room is closed.
	 */
	public int ownedHandleCount() {
		return this.ownedHandles.size();
	}

	/**
	 * Rooms, audio streams and text stream readers still routed: zero when every room is
	 * closed.
	 */
	public int routeCount() {
		return this.roomRoutes.size() + this.streamRoutes.size();
	}

	/** Non-null once the library reported a panic: the process must be replaced. */
	public String panic() {
		return this.panic;
	}

	/**
	 * Calls {@code listener} with the panic's message when the library reports a panic
	 * (at most once per process). May be registered before the library is loaded.
	 */
	public static void onPanic(Consumer<String> listener) {
		panicListeners.add(listener);
	}

	/** The library reported a panic: nothing it runs can be trusted any more. */
	void panicked(String message) {
		if (this.panic != null) {
			return;
		}
		this.panic = message;
		log.error("LiveKit's FFI library panicked: {}", message);
		this.pending.values().forEach((f) -> f.completeExceptionally(new IllegalStateException(message)));
		for (Consumer<String> listener : panicListeners) {
			try {
				listener.accept(message);
			}
			catch (RuntimeException ex) {
				log.error("A panic listener failed", ex);
			}
		}
	}

	private void onEvent(Pointer data, long length) {
		try {
			FfiEvent event = FfiEvent.parseFrom(data.getByteArray(0, (int) length));
			switch (event.getMessageCase()) {
				case PANIC -> panicked(event.getPanic().getMessage());
				case ROOM_EVENT -> deliver(this.roomRoutes.get(event.getRoomEvent().getRoomHandle()), event);
				case TEXT_STREAM_READER_EVENT ->
					deliver(this.streamRoutes.get(event.getTextStreamReaderEvent().getReaderHandle()), event);
				case AUDIO_STREAM_EVENT -> {
					Consumer<FfiEvent> route = this.streamRoutes.get(event.getAudioStreamEvent().getStreamHandle());
					if (route != null) {
						route.accept(event);
					}
					else if (event.getAudioStreamEvent().hasFrameReceived()) {
						// A frame for a stream already closed: still ours to free.
						this.library.livekit_ffi_drop_handle(
								event.getAudioStreamEvent().getFrameReceived().getFrame().getHandle().getId());
					}
				}
				default -> {
					Long asyncId = asyncId(event);
					CompletableFuture<FfiEvent> waiting = (asyncId != null) ? this.pending.remove(asyncId) : null;
					if (waiting != null) {
						waiting.complete(event);
					}
				}
			}
		}
		catch (Throwable ex) {
			// Nothing may unwind into the native caller.
			log.error("Handling a LiveKit FFI event failed", ex);
		}
	}

	private static void deliver(Consumer<FfiEvent> route, FfiEvent event) {
		if (route != null) {
			route.accept(event);
		}
	}

	private static final class ResponseSlots {

		final PointerByReference response = new PointerByReference();

		final LongByReference length = new LongByReference();

	}

	private static Long asyncId(FfiEvent event) {
		return switch (event.getMessageCase()) {
			case CONNECT -> event.getConnect().getAsyncId();
			case DISCONNECT -> event.getDisconnect().getAsyncId();
			case PUBLISH_TRACK -> event.getPublishTrack().getAsyncId();
			case UNPUBLISH_TRACK -> event.getUnpublishTrack().getAsyncId();
			case CAPTURE_AUDIO_FRAME -> event.getCaptureAudioFrame().getAsyncId();
			case PUBLISH_DATA -> event.getPublishData().getAsyncId();
			case PUBLISH_TRANSCRIPTION -> event.getPublishTranscription().getAsyncId();
			case SET_LOCAL_ATTRIBUTES -> event.getSetLocalAttributes().getAsyncId();
			case SEND_TEXT -> event.getSendText().getAsyncId();
			case TEXT_STREAM_OPEN -> event.getTextStreamOpen().getAsyncId();
			case TEXT_STREAM_WRITER_WRITE -> event.getTextStreamWriterWrite().getAsyncId();
			case TEXT_STREAM_WRITER_CLOSE -> event.getTextStreamWriterClose().getAsyncId();
			default -> null;
		};
	}

}
