package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Speech made on this machine: espeak-ng speaks a text, ffmpeg turns it into 16 kHz mono
 * 16-bit PCM. Fails (never skips) when either tool is missing.
 */
public final class Speech {

	private Speech() {
	}

	public static short[] pcm16kMono(String text) throws IOException, InterruptedException {
		return pcmMono(text, 16_000);
	}

	/**
	 * espeak-ng's speech of {@code text} as mono 16-bit samples at {@code sampleRate}
	 * (ffmpeg resamples).
	 */
	public static short[] pcmMono(String text, int sampleRate) throws IOException, InterruptedException {
		Path folder = Files.createTempDirectory("flo-speech");
		Path wav = folder.resolve("speech.wav");
		Path raw = folder.resolve("speech.raw");
		try {
			run(List.of("espeak-ng", "-w", wav.toString(), text));
			run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", wav.toString(), "-ar",
					String.valueOf(sampleRate), "-ac", "1", "-f", "s16le", raw.toString()));
			byte[] bytes = Files.readAllBytes(raw);
			short[] samples = new short[bytes.length / 2];
			ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
			return samples;
		}
		finally {
			Files.deleteIfExists(wav);
			Files.deleteIfExists(raw);
			Files.deleteIfExists(folder);
		}
	}

	/**
	 * Milliseconds from the first to the end of the last 10 ms frame louder than
	 * {@code rms}.
	 */
	public static double voicedSpanMillis(short[] samples, int sampleRate, double rms) {
		int frame = sampleRate / 100;
		int first = -1;
		int last = -1;
		for (int i = 0; i + frame <= samples.length; i += frame) {
			double sum = 0;
			for (int j = i; j < i + frame; j++) {
				sum += (double) samples[j] * samples[j];
			}
			if (Math.sqrt(sum / frame) > rms) {
				if (first < 0) {
					first = i;
				}
				last = i + frame;
			}
		}
		return (first < 0) ? 0 : (last - first) * 1000.0 / sampleRate;
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(command.get(0) + " is required for this test: run scripts/test-deps.sh",
					ex);
		}
		String out = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException(command.get(0) + " failed: " + out);
		}
	}

}
