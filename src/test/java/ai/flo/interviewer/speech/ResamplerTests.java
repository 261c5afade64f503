package ai.flo.interviewer.speech;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** 24 kHz to 16 kHz, as OpenAI's audio needs. */
class ResamplerTests {

	@Test
	void keepsAToneBelowTheNewNyquistFrequency() {
		short[] out = resample(tone(1000, 24_000, 24_000, 10_000), 24_000, 16_000);

		assertThat(out.length).isEqualTo(16_000);
		double[] middle = toDouble(Arrays.copyOfRange(out, 1000, 15_000));
		assertThat(rms(middle)).isCloseTo(10_000 / Math.sqrt(2), within(50.0));
		assertThat(zeroCrossings(middle) / 2.0 / (14_000 / 16_000.0)).isCloseTo(1000, within(2.0));
	}

	@Test
	void filtersOutWhatWouldFoldBackInsteadOfAliasingIt() {
		// 9 kHz cannot exist at 16 kHz: without a low-pass it would come back as a 7 kHz
		// tone
		short[] out = resample(tone(9000, 24_000, 24_000, 10_000), 24_000, 16_000);

		assertThat(rms(toDouble(Arrays.copyOfRange(out, 1000, 15_000)))).isLessThan(10_000 / Math.sqrt(2) / 300); // -50
																													// dB
	}

	@Test
	void givesTheSameSamplesWhateverThePiecesFedIn() {
		short[] input = new short[24_000];
		Random random = new Random(7);
		for (int i = 0; i < input.length; i++) {
			input[i] = (short) (random.nextGaussian() * 3000);
		}
		short[] whole = resample(input, 24_000, 16_000);
		Resampler resampler = new Resampler(24_000, 16_000);
		short[] pieces = new short[0];
		for (int at = 0; at < input.length;) {
			int size = Math.min(input.length - at, 1 + random.nextInt(500));
			pieces = concat(pieces, resampler.push(Arrays.copyOfRange(input, at, at + size)));
			at += size;
		}
		pieces = concat(pieces, resampler.flush());

		assertThat(pieces).isEqualTo(whole);
	}

	@Test
	void keepsTheDurationForOtherRatesToo() {
		assertThat(resample(new short[22_050], 22_050, 16_000)).hasSize(16_000);
		assertThat(resample(new short[8_000], 8_000, 16_000)).hasSize(16_000);
		assertThat(resample(new short[3], 24_000, 16_000)).hasSize(2);
	}

	static short[] resample(short[] input, int from, int to) {
		Resampler resampler = new Resampler(from, to);
		return concat(resampler.push(input), resampler.flush());
	}

	static short[] tone(double frequency, int sampleRate, int samples, double amplitude) {
		short[] tone = new short[samples];
		for (int i = 0; i < samples; i++) {
			tone[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / sampleRate));
		}
		return tone;
	}

	static double[] toDouble(short[] samples) {
		double[] out = new double[samples.length];
		for (int i = 0; i < samples.length; i++) {
			out[i] = samples[i];
		}
		return out;
	}

	static double rms(double[] samples) {
		return Math.sqrt(Arrays.stream(samples).map((x) -> x * x).sum() / samples.length);
	}

	static int zeroCrossings(double[] samples) {
		int crossings = 0;
		for (int i = 1; i < samples.length; i++) {
			if ((samples[i - 1] < 0) != (samples[i] < 0)) {
				crossings++;
			}
		}
		return crossings;
	}

	static short[] concat(short[] a, short[] b) {
		short[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
