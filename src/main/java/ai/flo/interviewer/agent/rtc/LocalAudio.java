package ai.flo.interviewer.agent.rtc;

import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import livekit.proto.AudioFrame.AudioFrameBufferInfo;
import livekit.proto.AudioFrame.CaptureAudioFrameRequest;
import livekit.proto.AudioFrame.ClearAudioBufferRequest;
import livekit.proto.Ffi.FfiEvent;
import livekit.proto.Ffi.FfiRequest;

/**
 * A published microphone track fed with PCM. {@link #write} hands 10 ms frames to the
 * library and returns once each is queued: with the library's queue full it waits, so a
 * writer cannot run ahead of real time by more than the queue and nothing grows without
 * bound.
 */
public final class LocalAudio implements AutoCloseable {

	private final FfiEngine engine;

	private final long sourceHandle;

	private final long trackHandle;

	private final long publicationHandle;

	private final String sid;

	private final int sampleRate;

	private final int channels;

	private final int frameSamples;

	private final Memory buffer;

	private final AtomicBoolean closed = new AtomicBoolean();

	LocalAudio(FfiEngine engine, long sourceHandle, long trackHandle, long publicationHandle, String sid,
			int sampleRate, int channels) {
		this.engine = engine;
		this.sourceHandle = sourceHandle;
		this.trackHandle = trackHandle;
		this.publicationHandle = publicationHandle;
		this.sid = sid;
		this.sampleRate = sampleRate;
		this.channels = channels;
		this.frameSamples = sampleRate / 100 * channels;
		this.buffer = new Memory((long) this.frameSamples * 2);
	}

	/**
	 * The published track's sid (what transcriptions of this audio name in
	 * {@code lk.transcribed_track_id}).
	 */
	public String sid() {
		return this.sid;
	}

	public int sampleRate() {
		return this.sampleRate;
	}

	public int channels() {
		return this.channels;
	}

	/**
	 * Publishes {@code samples} (interleaved), blocking while the library's queue is
	 * full.
	 */
	public synchronized void write(short[] samples) {
		for (int offset = 0; offset < samples.length; offset += this.frameSamples) {
			if (this.closed.get()) {
				throw new IllegalStateException("This audio track is closed");
			}
			int count = Math.min(this.frameSamples, samples.length - offset);
			this.buffer.clear();
			this.buffer.write(0, samples, offset, count);
			long asyncId = this.engine.newAsyncId();
			// Always a whole frame: a short tail is padded with silence.
			FfiEvent captured = this.engine.call(FfiRequest.newBuilder()
				.setCaptureAudioFrame(CaptureAudioFrameRequest.newBuilder()
					.setSourceHandle(this.sourceHandle)
					.setRequestAsyncId(asyncId)
					.setBuffer(AudioFrameBufferInfo.newBuilder()
						.setDataPtr(Pointer.nativeValue(this.buffer))
						.setNumChannels(this.channels)
						.setSampleRate(this.sampleRate)
						.setSamplesPerChannel(this.frameSamples / this.channels))),
					asyncId, 10_000);
			if (captured.getCaptureAudioFrame().hasError()) {
				throw new IllegalStateException(
						"Publishing audio failed: " + captured.getCaptureAudioFrame().getError());
			}
		}
	}

	/**
	 * Drops audio queued but not yet sent (the candidate started talking: stop speaking
	 * now).
	 */
	public void clearQueue() {
		if (!this.closed.get()) {
			this.engine.request(FfiRequest.newBuilder()
				.setClearAudioBuffer(ClearAudioBufferRequest.newBuilder().setSourceHandle(this.sourceHandle))
				.build());
		}
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			synchronized (this) {
				this.engine.drop(this.publicationHandle);
				this.engine.drop(this.trackHandle);
				this.engine.drop(this.sourceHandle);
				this.buffer.close();
			}
		}
	}

}
