package ai.flo.interviewer.speech;

import java.util.Arrays;

/**
 * Changes the sample rate of 16-bit mono PCM as it streams in, with a windowed-sinc
 * (Blackman) low-pass: polyphase, one precomputed kernel per output phase of the rational
 * ratio (2 for 24 kHz to 16 kHz). The cut-off lies at 7/16 of the lower rate (7 kHz when
 * going to 16 kHz), so what would fold back above the new Nyquist frequency is filtered
 * out instead of aliased. It delays the audio by {@value #HALF} input samples (1.3 ms at
 * 24 kHz); {@link #flush()} gives the rest. Not thread-safe: one per stream.
 */
final class Resampler {

	/** Taps on either side of an output sample, in input samples. */
	static final int HALF = 32;

	private final int up;

	private final int down;

	/** {@code kernels[phase][j]} weighs input sample {@code base - HALF + 1 + j}. */
	private final float[][] kernels;

	/** Input not yet consumed, starting at input index {@link #start}. */
	private float[] input = new float[0];

	private int length;

	private long start = -HALF;

	/** The next output sample's index. */
	private long next;

	Resampler(int fromRate, int toRate) {
		if (fromRate <= 0 || toRate <= 0) {
			throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
		}
		int gcd = gcd(fromRate, toRate);
		this.up = toRate / gcd;
		this.down = fromRate / gcd;
		// cycles per input sample: below the lower of the two Nyquist frequencies, with
		// room for the transition band
		double cutoff = 0.5 * Math.min(1.0, (double) toRate / fromRate) * 0.875;
		this.kernels = new float[this.up][2 * HALF];
		for (int phase = 0; phase < this.up; phase++) {
			double fraction = (double) phase / this.up;
			double sum = 0;
			for (int j = 0; j < 2 * HALF; j++) {
				double distance = fraction + (HALF - 1 - j);
				double sinc = (distance == 0) ? 1
						: Math.sin(2 * Math.PI * cutoff * distance) / (2 * Math.PI * cutoff * distance);
				double x = (distance + HALF) / (2.0 * HALF); // 0..1 across the window
				double blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * x) + 0.08 * Math.cos(4 * Math.PI * x);
				double tap = sinc * Math.max(0, blackman);
				this.kernels[phase][j] = (float) tap;
				sum += tap;
			}
			for (int j = 0; j < 2 * HALF; j++) {
				this.kernels[phase][j] /= (float) sum; // unity gain at DC in every phase
			}
		}
		// HALF samples of silence before the first: the first outputs need history
		append(new short[HALF], HALF);
	}

	/** The samples at the new rate that {@code pcm} completes (may be empty). */
	short[] push(short[] pcm) {
		append(pcm, pcm.length);
		return produce(false);
	}

	/** The last samples, as if silence followed: call once at the end of the stream. */
	short[] flush() {
		append(new short[HALF], HALF);
		return produce(true);
	}

	private short[] produce(boolean last) {
		long end = this.start + this.length; // one past the last input index held
		// at the end, HALF samples of silence follow the input: one output for every
		// input instant before it
		long limit = last ? ceilDiv((end - HALF) * this.up, this.down) : Long.MAX_VALUE;
		short[] out = new short[Math.max(0, (int) ((this.length * (long) this.up) / this.down) + 1)];
		int count = 0;
		while (this.next < limit) {
			long position = this.next * this.down; // in units of 1/up input samples
			long base = Math.floorDiv(position, this.up);
			int phase = (int) Math.floorMod(position, this.up);
			long first = base - HALF + 1;
			if (first + 2L * HALF > end) {
				break;
			}
			float[] kernel = this.kernels[phase];
			int offset = (int) (first - this.start);
			double sum = 0;
			for (int j = 0; j < kernel.length; j++) {
				sum += kernel[j] * this.input[offset + j];
			}
			if (count == out.length) {
				out = Arrays.copyOf(out, out.length * 2 + 1);
			}
			out[count++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
			this.next++;
		}
		discardBefore(Math.floorDiv(this.next * this.down, this.up) - HALF + 1);
		return (count == out.length) ? out : Arrays.copyOf(out, count);
	}

	private void append(short[] pcm, int count) {
		if (this.length + count > this.input.length) {
			this.input = Arrays.copyOf(this.input, Math.max(this.length + count, this.input.length * 2));
		}
		for (int i = 0; i < count; i++) {
			this.input[this.length + i] = pcm[i];
		}
		this.length += count;
	}

	private void discardBefore(long index) {
		int drop = (int) Math.min(this.length, Math.max(0, index - this.start));
		if (drop > 0) {
			System.arraycopy(this.input, drop, this.input, 0, this.length - drop);
			this.length -= drop;
			this.start += drop;
		}
	}

	private static long ceilDiv(long a, long b) {
		return -Math.floorDiv(-a, b);
	}

	private static int gcd(int a, int b) {
		return (b == 0) ? a : gcd(b, a % b);
	}

}
