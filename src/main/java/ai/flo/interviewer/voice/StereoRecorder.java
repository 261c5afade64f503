package ai.flo.interviewer.voice;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the conversation as one stereo 16-bit WAV: the agent on the left, the candidate
 * on the right, both at 16 kHz. Each side is placed by the wall clock (a frame written at
 * time t lands at t since the recording started, so the sides stay aligned and gaps are
 * silence). Samples wait in a small window until both sides have passed them (or one side
 * is a second ahead), then go to the file in order: memory stays flat however long the
 * interview. The window is a ring (a sample at position p sits at p modulo its length),
 * so writing a 10 ms frame touches that frame's samples only. The header is completed on
 * {@link #close()}.
 */
final class StereoRecorder implements AutoCloseable {

	static final int SAMPLE_RATE = 16_000;

	/** How far one side may run ahead before the other is taken as silent there. */
	private static final int LAG = SAMPLE_RATE;

	private static final int WINDOW = 8 * SAMPLE_RATE;

	private final Path path;

	private final OutputStream out;

	private final long startNanos;

	/**
	 * Samples of each side from {@link #flushed} on, as a ring: position p at index p %
	 * WINDOW; zeros where nothing was written.
	 */
	private final short[][] window = new short[2][WINDOW];

	/** Interleaved little-endian bytes on their way to the file. */
	private final byte[] chunk = new byte[4096 * 4];

	/** Next sample position of each side, in samples from the start. */
	private final long[] next = new long[2];

	private long flushed;

	private boolean closed;

	StereoRecorder(Path path, long startNanos) throws IOException {
		Files.createDirectories(path.getParent());
		this.path = path;
		this.out = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024);
		this.out.write(new byte[44]);
		this.startNanos = startNanos;
	}

	/** Agent audio (what was published), left channel. */
	synchronized void agent(short[] samples, long atNanos) {
		write(0, samples, atNanos);
	}

	/** Candidate audio (what was heard), right channel. */
	synchronized void candidate(short[] samples, long atNanos) {
		write(1, samples, atNanos);
	}

	/** Milliseconds written so far. */
	synchronized long millis() {
		return Math.max(this.next[0], this.next[1]) * 1000 / SAMPLE_RATE;
	}

	private void write(int channel, short[] samples, long atNanos) {
		if (this.closed) {
			return;
		}
		long clock = Math.max(0, (atNanos - this.startNanos) * SAMPLE_RATE / 1_000_000_000L);
		// A side whose stream paused jumps to the clock; small jitter is absorbed by
		// writing on.
		long at = (clock > this.next[channel] + SAMPLE_RATE / 10) ? clock : this.next[channel];
		at = Math.max(at, this.flushed);
		long end = at + samples.length;
		if (end - this.flushed > WINDOW) {
			flush(end - WINDOW);
		}
		short[] side = this.window[channel];
		for (int i = 0; i < samples.length; i++) {
			long position = at + i;
			if (position >= this.flushed) {
				side[(int) (position % WINDOW)] = samples[i];
			}
		}
		this.next[channel] = end;
		long ahead = Math.max(this.next[0], this.next[1]);
		long behind = Math.min(this.next[0], this.next[1]);
		flush(Math.max(behind, ahead - LAG));
	}

	/** Writes everything before {@code upTo} and frees its place in the window. */
	private void flush(long upTo) {
		int count = (int) Math.min(WINDOW, upTo - this.flushed);
		if (count <= 0) {
			return;
		}
		short[] left = this.window[0];
		short[] right = this.window[1];
		int index = (int) (this.flushed % WINDOW);
		int filled = 0;
		try {
			for (int i = 0; i < count; i++) {
				short l = left[index];
				short r = right[index];
				left[index] = 0;
				right[index] = 0;
				this.chunk[filled] = (byte) l;
				this.chunk[filled + 1] = (byte) (l >> 8);
				this.chunk[filled + 2] = (byte) r;
				this.chunk[filled + 3] = (byte) (r >> 8);
				filled += 4;
				if (filled == this.chunk.length) {
					this.out.write(this.chunk, 0, filled);
					filled = 0;
				}
				if (++index == WINDOW) {
					index = 0;
				}
			}
			if (filled > 0) {
				this.out.write(this.chunk, 0, filled);
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.flushed += count;
	}

	/**
	 * A 16 kHz 16-bit PCM WAV header for {@code frames} frames of {@code channels}
	 * channels.
	 */
	static byte[] header(int channels, long frames) {
		long dataBytes = frames * channels * 2;
		ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
		header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes));
		header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
		header.put("fmt ".getBytes(StandardCharsets.US_ASCII))
			.putInt(16)
			.putShort((short) 1)
			.putShort((short) channels);
		header.putInt(SAMPLE_RATE)
			.putInt(SAMPLE_RATE * channels * 2)
			.putShort((short) (channels * 2))
			.putShort((short) 16);
		header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
		return header.array();
	}

	@Override
	public synchronized void close() throws IOException {
		if (this.closed) {
			return;
		}
		flush(Math.max(this.next[0], this.next[1]));
		this.closed = true;
		this.out.close();
		byte[] header = header(2, this.flushed);
		try (RandomAccessFile file = new RandomAccessFile(this.path.toFile(), "rw")) {
			file.seek(0);
			file.write(header);
		}
	}

}
