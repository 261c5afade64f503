package ai.flo.interviewer.agent.rtc;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Pointer;
import livekit.proto.AudioFrame.AudioStreamEvent;
import livekit.proto.Ffi.FfiEvent;

/**
 * A remote participant's audio as PCM frames (10 ms each), in order. The queue is
 * bounded: when the reader falls behind, the oldest frames are dropped and counted in
 * {@link #droppedFrames()}, so memory stays flat and the audio stays current.
 */
public final class RemoteAudio implements AutoCloseable {

	private static final AudioFrame END = new AudioFrame(new short[0], 1, 1);

	private final FfiEngine engine;

	private final long streamHandle;

	private final String participantIdentity;

	private final BlockingQueue<AudioFrame> frames;

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean ended;

	RemoteAudio(FfiEngine engine, long streamHandle, String participantIdentity, int capacityFrames) {
		this.engine = engine;
		this.streamHandle = streamHandle;
		this.participantIdentity = participantIdentity;
		this.frames = new ArrayBlockingQueue<>(Math.max(2, capacityFrames));
		engine.routeStream(streamHandle, this::onEvent);
	}

	public String participantIdentity() {
		return this.participantIdentity;
	}

	/**
	 * The next frame, or {@code null} after {@code timeout} or at the end of the stream.
	 */
	public AudioFrame poll(Duration timeout) throws InterruptedException {
		if (this.ended && this.frames.isEmpty()) {
			return null;
		}
		AudioFrame frame = this.frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		return (frame == END) ? null : frame;
	}

	public boolean ended() {
		return this.ended && this.frames.isEmpty();
	}

	public long receivedFrames() {
		return this.received.get();
	}

	public long droppedFrames() {
		return this.dropped.get();
	}

	private void onEvent(FfiEvent event) {
		AudioStreamEvent streamEvent = event.getAudioStreamEvent();
		if (streamEvent.hasFrameReceived()) {
			var owned = streamEvent.getFrameReceived().getFrame();
			var info = owned.getInfo();
			short[] samples;
			try {
				samples = new Pointer(info.getDataPtr()).getShortArray(0,
						info.getSamplesPerChannel() * info.getNumChannels());
			}
			finally {
				// Every frame is an owned buffer: freed here, on the native thread,
				// always.
				this.engine.own(owned.getHandle().getId());
				this.engine.drop(owned.getHandle().getId());
			}
			this.received.incrementAndGet();
			offer(new AudioFrame(samples, info.getSampleRate(), info.getNumChannels()));
		}
		else if (streamEvent.hasEos()) {
			this.ended = true;
			offer(END);
		}
	}

	private void offer(AudioFrame frame) {
		while (!this.frames.offer(frame)) {
			if (this.frames.poll() != null) {
				this.dropped.incrementAndGet();
			}
		}
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.engine.unrouteStream(this.streamHandle);
			this.engine.drop(this.streamHandle);
			this.ended = true;
			this.frames.clear();
			this.frames.offer(END);
		}
	}

}
