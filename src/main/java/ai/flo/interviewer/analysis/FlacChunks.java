package ai.flo.interviewer.analysis;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a FLAC file with fixed blocks into chunks of whole frames, in Java, without
 * decoding: one sequential read of the file finds every frame (its header's CRC-8, its
 * number following the one before, and the CRC-16 of the frame before ending just there)
 * and writes it into each chunk that holds it. Each chunk gets its own STREAMINFO (its
 * length, no MD5, frame sizes unknown) and its frames are renumbered from 0, their CRC-8
 * and CRC-16 computed again, so that a chunk is a FLAC file of its own (not a stretch of
 * another one with frame numbers, and so timestamps, starting somewhere in the middle).
 */
final class FlacChunks {

	/** A chunk: the frames {@code [firstFrame, endFrame)} into {@code output}. */
	record Chunk(long firstFrame, long endFrame, Path output) {
	}

	private static final int STREAMINFO_LENGTH = 34;

	private static final int[] CRC16 = new int[256];

	private static final int[] CRC8 = new int[256];

	static {
		for (int i = 0; i < 256; i++) {
			int crc16 = i << 8;
			int crc8 = i;
			for (int bit = 0; bit < 8; bit++) {
				crc16 = ((crc16 & 0x8000) != 0) ? ((crc16 << 1) ^ 0x8005) : (crc16 << 1);
				crc8 = ((crc8 & 0x80) != 0) ? ((crc8 << 1) ^ 0x07) : (crc8 << 1);
			}
			CRC16[i] = crc16 & 0xFFFF;
			CRC8[i] = crc8 & 0xFF;
		}
	}

	/**
	 * {@code ZEROS[k][i]}: the CRC-16 state that {@code 1 << i} becomes after {@code 2^k}
	 * zero bytes.
	 */
	private static final int[][] ZEROS = new int[21][16];

	static {
		for (int i = 0; i < 16; i++) {
			int state = 1 << i;
			ZEROS[0][i] = ((state << 8) ^ CRC16[(state >>> 8) & 0xFF]) & 0xFFFF;
		}
		for (int k = 1; k < ZEROS.length; k++) {
			for (int i = 0; i < 16; i++) {
				ZEROS[k][i] = times(ZEROS[k - 1], times(ZEROS[k - 1], 1 << i));
			}
		}
	}

	private FlacChunks() {
	}

	private static int times(int[] matrix, int state) {
		int result = 0;
		for (int i = 0; i < 16; i++) {
			if ((state & (1 << i)) != 0) {
				result ^= matrix[i];
			}
		}
		return result;
	}

	/** The CRC-16 state {@code state} becomes after {@code count} zero bytes. */
	static int zeros(int state, int count) {
		for (int k = 0; count > 0; k++, count >>>= 1) {
			if ((count & 1) != 0) {
				state = times(ZEROS[k], state);
			}
		}
		return state;
	}

	/**
	 * Writes the chunks (in order of their first frame) of {@code input}, whose blocks
	 * all hold {@code blockSize} samples but the last.
	 * @throws IOException when the file cannot be read or written, or is not the FLAC it
	 * should be
	 */
	static void cut(Path input, long totalSamples, int blockSize, List<Chunk> chunks) throws IOException {
		List<OutputStream> outputs = new ArrayList<>();
		try (Reader in = new Reader(Files.newInputStream(input))) {
			byte[] streamInfo = streamInfo(in);
			for (Chunk chunk : chunks) {
				OutputStream out = new BufferedOutputStream(Files.newOutputStream(chunk.output()), 1 << 16);
				outputs.add(out);
				long samples = Math.min(chunk.endFrame() * blockSize, totalSamples) - chunk.firstFrame() * blockSize;
				out.write(header(streamInfo, samples));
			}
			Frame frame = new Frame();
			long number = 0;
			int first = 0;
			while (in.available(1)) {
				frame.read(in, number);
				while (first < chunks.size() && chunks.get(first).endFrame() <= number) {
					first++;
				}
				for (int i = first; i < chunks.size() && chunks.get(i).firstFrame() <= number; i++) {
					if (number < chunks.get(i).endFrame()) {
						frame.write(outputs.get(i), number - chunks.get(i).firstFrame());
					}
				}
				in.consume(frame.length);
				number++;
			}
			long frames = (totalSamples + blockSize - 1) / blockSize;
			if (number != frames) {
				throw new IOException("found " + number + " frames, STREAMINFO promises " + frames);
			}
		}
		finally {
			IOException failed = null;
			for (OutputStream out : outputs) {
				try {
					out.close();
				}
				catch (IOException ex) {
					failed = ex;
				}
			}
			if (failed != null) {
				throw failed;
			}
		}
	}

	/** Reads {@code fLaC} and the metadata blocks; returns STREAMINFO's 34 bytes. */
	private static byte[] streamInfo(Reader in) throws IOException {
		if (!in.available(8) || in.at(0) != 'f' || in.at(1) != 'L' || in.at(2) != 'a' || in.at(3) != 'C'
				|| (in.at(4) & 0x7F) != 0) {
			throw new IOException("not a FLAC file starting with STREAMINFO");
		}
		in.consume(4);
		byte[] info = null;
		boolean last = false;
		while (!last) {
			if (!in.available(4)) {
				throw new IOException("FLAC metadata cut short");
			}
			last = (in.at(0) & 0x80) != 0;
			int length = ((in.at(1) & 0xFF) << 16) | ((in.at(2) & 0xFF) << 8) | (in.at(3) & 0xFF);
			in.consume(4);
			if (info == null) {
				if (length != STREAMINFO_LENGTH || !in.available(length)) {
					throw new IOException("bad STREAMINFO");
				}
				info = new byte[length];
				for (int i = 0; i < length; i++) {
					info[i] = (byte) in.at(i);
				}
			}
			in.skip(length);
		}
		return info;
	}

	/**
	 * {@code fLaC} and STREAMINFO (as the only metadata block) for a chunk of
	 * {@code samples}: no MD5, frame sizes unknown.
	 */
	private static byte[] header(byte[] streamInfo, long samples) {
		byte[] header = new byte[8 + STREAMINFO_LENGTH];
		header[0] = 'f';
		header[1] = 'L';
		header[2] = 'a';
		header[3] = 'C';
		header[4] = (byte) 0x80;
		header[7] = STREAMINFO_LENGTH;
		byte[] info = streamInfo.clone();
		// Bytes 4-9: the smallest and largest frame, in bytes (0: unknown).
		java.util.Arrays.fill(info, 4, 10, (byte) 0);
		// 36 bits of samples from bit 108: the low 4 bits of byte 13, then bytes 14-17.
		info[13] = (byte) ((info[13] & 0xF0) | (int) ((samples >>> 32) & 0x0F));
		for (int i = 0; i < 4; i++) {
			info[14 + i] = (byte) (samples >>> (24 - 8 * i));
		}
		java.util.Arrays.fill(info, 18, 34, (byte) 0);
		System.arraycopy(info, 0, header, 8, STREAMINFO_LENGTH);
		return header;
	}

	/** One frame as found in the input. */
	private static final class Frame {

		/** The header's first 4 bytes (sync, block size and rate, channels and depth). */
		final byte[] head = new byte[4];

		/** Block size and sample rate stated after the frame number (0 to 4 bytes). */
		final byte[] tail = new byte[4];

		int tailLength;

		/** Where the subframes start, and the whole frame's length with its CRC-16. */
		int payload;

		int length;

		/** The CRC-16 state after the header, and the frame's CRC-16. */
		int headerCrc;

		int crc;

		Reader in;

		final byte[] header = new byte[16];

		/**
		 * Finds the frame numbered {@code number} at the reader's position and its end.
		 */
		void read(Reader in, long number) throws IOException {
			this.in = in;
			this.payload = headerLength(in, 0, number);
			if (this.payload < 0) {
				throw new IOException("no FLAC frame " + number + " where one should start");
			}
			for (int i = 0; i < 4; i++) {
				this.head[i] = (byte) in.at(i);
			}
			int numberLength = utf8Length(in.at(4));
			this.tailLength = this.payload - 1 - 4 - numberLength;
			for (int i = 0; i < this.tailLength; i++) {
				this.tail[i] = (byte) in.at(4 + numberLength + i);
			}
			// The frame ends where its running CRC-16 (the CRC included) comes to 0 and
			// the next frame's header follows, or at the end of the file.
			int crc = 0;
			for (int i = 0; i < this.payload; i++) {
				crc = ((crc << 8) ^ CRC16[((crc >>> 8) ^ in.at(i)) & 0xFF]) & 0xFFFF;
			}
			this.headerCrc = crc;
			int at = this.payload;
			found: while (true) {
				if (!in.available(at + 1)) {
					if (crc != 0 || at < this.payload + 2) {
						throw new IOException("FLAC frame " + number + " cut short or damaged");
					}
					break;
				}
				byte[] bytes = in.buffer;
				int base = in.start;
				int limit = in.end - in.start;
				while (at < limit) {
					int b = bytes[base + at] & 0xFF;
					if (crc == 0 && b == 0xFF && at >= this.payload + 2) {
						if (headerLength(in, at, number + 1) > 0) {
							break found;
						}
						// The look-ahead may have moved the window.
						bytes = in.buffer;
						base = in.start;
						limit = in.end - in.start;
					}
					crc = ((crc << 8) ^ CRC16[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
					at++;
				}
				if (at > 1 << 20) {
					throw new IOException("FLAC frame " + number + " has no end");
				}
			}
			this.length = at;
			this.crc = (in.at(at - 2) << 8) | in.at(at - 1);
		}

		/**
		 * Writes this frame numbered {@code number}, its CRCs computed again (the CRC-16
		 * from the old one: the subframes are the same).
		 */
		void write(OutputStream out, long number) throws IOException {
			int n = 0;
			System.arraycopy(this.head, 0, this.header, 0, 4);
			n = 4;
			n = utf8(number, this.header, n);
			System.arraycopy(this.tail, 0, this.header, n, this.tailLength);
			n += this.tailLength;
			int crc8 = 0;
			for (int i = 0; i < n; i++) {
				crc8 = CRC8[(crc8 ^ this.header[i]) & 0xFF];
			}
			this.header[n++] = (byte) crc8;
			int crc = 0;
			for (int i = 0; i < n; i++) {
				crc = ((crc << 8) ^ CRC16[((crc >>> 8) ^ this.header[i]) & 0xFF]) & 0xFFFF;
			}
			// CRC-16 (no reflection, no final XOR) is linear: the subframes carry the
			// difference of the states after the old and new headers through their
			// length in zero bytes.
			crc = this.crc ^ zeros(crc ^ this.headerCrc, this.length - 2 - this.payload);
			out.write(this.header, 0, n);
			this.in.write(out, this.payload, this.length - 2);
			out.write(crc >>> 8);
			out.write(crc & 0xFF);
		}

	}

	/**
	 * The length of the frame header at {@code at} (up to its CRC-8 included), or -1 when
	 * there is no valid header for frame {@code number} of fixed blocks.
	 */
	private static int headerLength(Reader in, int at, long number) throws IOException {
		if (!in.available(at + 6) || in.at(at) != 0xFF || in.at(at + 1) != 0xF8) {
			return -1;
		}
		int blockCode = in.at(at + 2) >>> 4;
		int rateCode = in.at(at + 2) & 0x0F;
		if (blockCode == 0 || rateCode == 0x0F || (in.at(at + 3) & 0x01) != 0) {
			return -1;
		}
		int length = utf8Length(in.at(at + 4));
		if (length < 0 || !in.available(at + 4 + length + 5)) {
			return -1;
		}
		long value = (length == 1) ? in.at(at + 4) : in.at(at + 4) & (0xFF >>> (length + 1));
		for (int i = 1; i < length; i++) {
			int b = in.at(at + 4 + i);
			if ((b & 0xC0) != 0x80) {
				return -1;
			}
			value = (value << 6) | (b & 0x3F);
		}
		if (value != number) {
			return -1;
		}
		int n = 4 + length + ((blockCode == 6) ? 1 : (blockCode == 7) ? 2 : 0)
				+ ((rateCode == 12) ? 1 : (rateCode == 13 || rateCode == 14) ? 2 : 0);
		int crc8 = 0;
		for (int i = 0; i < n; i++) {
			crc8 = CRC8[(crc8 ^ in.at(at + i)) & 0xFF];
		}
		return (crc8 == in.at(at + n)) ? n + 1 : -1;
	}

	/**
	 * How many bytes a UTF-8 coded frame number takes, from its first byte; -1 if bad.
	 */
	private static int utf8Length(int first) {
		int ones = Integer.numberOfLeadingZeros(~first & 0xFF) - 24;
		return (ones == 0) ? 1 : (ones >= 2 && ones <= 7) ? ones : -1;
	}

	/**
	 * Writes {@code value} UTF-8 coded (up to 36 bits) at {@code at}; returns the end.
	 */
	static int utf8(long value, byte[] bytes, int at) {
		if (value < 0x80) {
			bytes[at] = (byte) value;
			return at + 1;
		}
		int length = 2;
		while (length < 7 && value >= (1L << (5 * length + 1))) {
			length++;
		}
		for (int i = length - 1; i > 0; i--) {
			bytes[at + i] = (byte) (0x80 | (value & 0x3F));
			value >>>= 6;
		}
		bytes[at] = (byte) ((length == 7) ? 0xFE : (((0xFF00 >>> length) & 0xFF) | value));
		return at + length;
	}

	/** A file read in order through a window that can look ahead. */
	private static final class Reader implements AutoCloseable {

		private final InputStream in;

		private byte[] buffer = new byte[1 << 20];

		private int start;

		private int end;

		private boolean eof;

		Reader(InputStream in) {
			this.in = in;
		}

		/** Whether {@code count} bytes from the position can be read. */
		boolean available(int count) throws IOException {
			while (this.end - this.start < count && !this.eof) {
				if (this.start > 0) {
					System.arraycopy(this.buffer, this.start, this.buffer, 0, this.end - this.start);
					this.end -= this.start;
					this.start = 0;
				}
				if (this.end == this.buffer.length) {
					this.buffer = java.util.Arrays.copyOf(this.buffer, this.buffer.length * 2);
				}
				int read = this.in.read(this.buffer, this.end, this.buffer.length - this.end);
				if (read < 0) {
					this.eof = true;
				}
				else {
					this.end += read;
				}
			}
			return this.end - this.start >= count;
		}

		/** The byte {@code offset} after the position (made available before). */
		int at(int offset) {
			return this.buffer[this.start + offset] & 0xFF;
		}

		void consume(int count) {
			this.start += count;
		}

		void skip(long count) throws IOException {
			while (count > 0) {
				if (!available(1)) {
					throw new IOException("FLAC metadata cut short");
				}
				int step = (int) Math.min(count, this.end - this.start);
				this.start += step;
				count -= step;
			}
		}

		/** Writes bytes {@code [from, to)} after the position. */
		void write(OutputStream out, int from, int to) throws IOException {
			out.write(this.buffer, this.start + from, to - from);
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
