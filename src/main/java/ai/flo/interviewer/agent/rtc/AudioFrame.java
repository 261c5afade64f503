package ai.flo.interviewer.agent.rtc;

/**
 * PCM audio: 16-bit samples, interleaved when there is more than one channel.
 *
 * @param samples the samples
 * @param sampleRate samples per second per channel
 * @param channels channel count
 */
public record AudioFrame(short[] samples, int sampleRate, int channels) {

	public int samplesPerChannel() {
		return this.samples.length / this.channels;
	}

	public double durationMillis() {
		return samplesPerChannel() * 1000.0 / this.sampleRate;
	}

	/** Root mean square of the samples: silence is near 0, speech in the thousands. */
	public double rms() {
		double sum = 0;
		for (short sample : this.samples) {
			sum += (double) sample * sample;
		}
		return (this.samples.length == 0) ? 0 : Math.sqrt(sum / this.samples.length);
	}

}
