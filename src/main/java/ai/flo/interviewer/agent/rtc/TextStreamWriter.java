package ai.flo.interviewer.agent.rtc;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import livekit.proto.DataStream.TextStreamWriterCloseRequest;
import livekit.proto.DataStream.TextStreamWriterWriteRequest;
import livekit.proto.Ffi.FfiEvent;
import livekit.proto.Ffi.FfiRequest;

/**
 * An open outgoing LiveKit text stream (a header sent, chunks as {@link #write} is
 * called, a trailer on {@link #close}): what LiveKit's SDKs call a {@code
 * TextStreamWriter}. Receivers see the text grow chunk by chunk and the trailer's
 * attributes merged into the stream's own when it closes.
 */
public final class TextStreamWriter implements AutoCloseable {

	private static final long TIMEOUT_MILLIS = 10_000;

	private final FfiEngine engine;

	private final long handle;

	private final String streamId;

	private final AtomicBoolean closed = new AtomicBoolean();

	TextStreamWriter(FfiEngine engine, long handle, String streamId) {
		this.engine = engine;
		this.handle = handle;
		this.streamId = streamId;
	}

	public String streamId() {
		return this.streamId;
	}

	/** Sends {@code text} as the stream's next chunk(s). */
	public synchronized void write(String text) {
		if (this.closed.get()) {
			throw new IllegalStateException("Text stream " + this.streamId + " is closed");
		}
		long asyncId = this.engine.newAsyncId();
		FfiEvent written = this.engine.call(FfiRequest.newBuilder()
			.setTextStreamWrite(TextStreamWriterWriteRequest.newBuilder()
				.setWriterHandle(this.handle)
				.setText(text)
				.setRequestAsyncId(asyncId)), asyncId, TIMEOUT_MILLIS);
		if (written.getTextStreamWriterWrite().hasError()) {
			throw new IllegalStateException(
					"Writing to text stream failed: " + written.getTextStreamWriterWrite().getError().getDescription());
		}
	}

	/**
	 * Ends the stream; {@code attributes} go in its trailer (receivers merge them into
	 * the stream's attributes). Idempotent; the native writer is released either way.
	 */
	public void close(Map<String, String> attributes) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		synchronized (this) {
			try {
				long asyncId = this.engine.newAsyncId();
				FfiEvent closing = this.engine.call(FfiRequest.newBuilder()
					.setTextStreamClose(TextStreamWriterCloseRequest.newBuilder()
						.setWriterHandle(this.handle)
						.putAllAttributes(attributes)
						.setRequestAsyncId(asyncId)), asyncId, TIMEOUT_MILLIS);
				if (closing.getTextStreamWriterClose().hasError()) {
					throw new IllegalStateException("Closing text stream failed: "
							+ closing.getTextStreamWriterClose().getError().getDescription());
				}
			}
			finally {
				this.engine.drop(this.handle);
			}
		}
	}

	@Override
	public void close() {
		close(Map.of());
	}

}
