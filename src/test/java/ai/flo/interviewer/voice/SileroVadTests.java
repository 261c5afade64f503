package ai.flo.interviewer.voice;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.flo.interviewer.testsupport.TestMedia;
import ai.flo.interviewer.testsupport.TestMedia.Spoken;
import ai.flo.interviewer.testsupport.TestMedia.Utterance;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Silero VAD model the build bundles, and the detector on it: the file is v5, the
 * probability tells speech from silence, and how long a window takes (printed, not
 * asserted).
 */
class SileroVadTests {

	@TempDir
	static Path folder;

	static Spoken spoken;

	static short[] pcm;

	@BeforeAll
	static void speak() {
		spoken = TestMedia.speech(folder.resolve("speech"), List.of("Tell me about a project you are proud of.",
				"I moved our billing system to an event driven design."));
		pcm = TestMedia.pcm16kMono(spoken.wav());
	}

	@Test
	void bundledModelIsSileroVadV5() throws Exception {
		OrtEnvironment environment = OrtEnvironment.getEnvironment();
		try (OrtSession session = environment.createSession(SileroVad.bundledModel())) {
			Map<String, NodeInfo> inputs = session.getInputInfo();
			Map<String, NodeInfo> outputs = session.getOutputInfo();
			System.out.println("Silero VAD model: inputs " + SileroVad.describe(inputs) + ", outputs "
					+ SileroVad.describe(outputs));
			assertThat(inputs).containsOnlyKeys("input", "state", "sr");
			assertThat(outputs).containsOnlyKeys("output", "stateN");
			assertThat(tensor(inputs, "input").type).isEqualTo(OnnxJavaType.FLOAT);
			assertThat(tensor(inputs, "input").getShape()).hasSize(2);
			assertThat(tensor(inputs, "state").type).isEqualTo(OnnxJavaType.FLOAT);
			assertThat(tensor(inputs, "state").getShape()).containsExactly(2, -1, 128);
			assertThat(tensor(inputs, "sr").type).isEqualTo(OnnxJavaType.INT64);
			assertThat(tensor(outputs, "output").type).isEqualTo(OnnxJavaType.FLOAT);
			assertThat(tensor(outputs, "stateN").getShape()).hasSize(3); // [-1, -1, -1]:
																			// left open
																			// in the
																			// export
			SileroVad.check(session);
		}
	}

	private static TensorInfo tensor(Map<String, NodeInfo> nodes, String name) {
		return (TensorInfo) nodes.get(name).getInfo();
	}

	@Test
	void refusesAModelWithOtherInputsAndOutputs() {
		assertThatIllegalStateException().isThrownBy(() -> new SileroVad(identityModel()))
			.withMessageContaining("not a Silero VAD v5 model")
			.withMessageContaining("inputs [x float [1]]")
			.withMessageContaining("expected inputs input float [1, N], state float [2, 1, 128], sr int64");
	}

	@Test
	void refusesWhatIsNotAModel() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new SileroVad("not a model".getBytes(StandardCharsets.UTF_8)))
			.withMessageStartingWith("onnxruntime cannot load the Silero VAD model");
	}

	@Test
	void saysHowToGetTheModelWhenItIsMissing() throws Exception {
		try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
			assertThatIllegalStateException().isThrownBy(() -> SileroVad.bundledModel(empty))
				.withMessageContaining(SileroVad.MODEL_RESOURCE)
				.withMessageContaining("scripts/vad/model.sh")
				.withMessageContaining("mvn generate-resources");
		}
	}

	@Test
	void speechIsLikelyAndSilenceIsNot() {
		try (SileroVad vad = new SileroVad()) {
			float[] probabilities = probabilities(vad, pcm);
			Utterance first = spoken.utterances().get(0);
			Utterance second = spoken.utterances().get(1);
			// Well inside each: the model needs a window or two to rise and to fall.
			assertThat(max(probabilities, 0, first.startMs() - 100)).isLessThan(0.1f);
			assertThat(mean(probabilities, first.startMs() + 150, first.endMs() - 150)).isGreaterThan(0.8f);
			assertThat(max(probabilities, first.endMs() + 300, second.startMs() - 100)).isLessThan(0.1f);
			assertThat(mean(probabilities, second.startMs() + 150, second.endMs() - 150)).isGreaterThan(0.8f);
		}
	}

	@Test
	void resetStartsTheStreamOver() {
		try (SileroVad vad = new SileroVad()) {
			float[] once = probabilities(vad, pcm);
			vad.reset();
			float[] again = probabilities(vad, pcm);
			assertThat(again).containsExactly(once);
		}
	}

	@Test
	void givesWhatAPlainRunOfTheModelGives() throws Exception {
		// The detector reuses its tensors and has onnxruntime write into them; a plain
		// run
		// makes fresh tensors for every window (upstream's wrapper, and this class
		// before):
		// the same probabilities, to the bit.
		OrtEnvironment environment = OrtEnvironment.getEnvironment();
		float[] expected = new float[pcm.length / SileroVad.WINDOW];
		try (OrtSession session = environment.createSession(SileroVad.bundledModel(), new OrtSession.SessionOptions());
				OnnxTensor rate = OnnxTensor.createTensor(environment, 16_000L)) {
			float[] input = new float[SileroVad.CONTEXT + SileroVad.WINDOW];
			float[] state = new float[2 * 128];
			for (int w = 0; w < expected.length; w++) {
				for (int i = 0; i < SileroVad.WINDOW; i++) {
					input[SileroVad.CONTEXT + i] = pcm[w * SileroVad.WINDOW + i] / 32768f;
				}
				try (OnnxTensor samples = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input),
						new long[] { 1, input.length });
						OnnxTensor stateIn = OnnxTensor.createTensor(environment, FloatBuffer.wrap(state),
								new long[] { 2, 1, 128 });
						OrtSession.Result result = session
							.run(Map.of("input", samples, "state", stateIn, "sr", rate))) {
					expected[w] = ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer().get(0);
					((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer().get(state);
				}
				System.arraycopy(input, SileroVad.WINDOW, input, 0, SileroVad.CONTEXT);
			}
		}
		try (SileroVad vad = new SileroVad()) {
			assertThat(probabilities(vad, pcm)).containsExactly(expected);
		}
	}

	@Test
	void detectorsOnTheSharedModelKeepTheirStreamsApartAcrossThreads() throws Exception {
		float[] alone;
		try (SileroVad vad = new SileroVad()) {
			alone = probabilities(vad, pcm);
		}
		List<java.util.concurrent.Future<float[]>> runs = new ArrayList<>();
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			for (int i = 0; i < 4; i++) {
				runs.add(threads.submit(() -> {
					try (SileroVad vad = new SileroVad()) {
						return probabilities(vad, pcm);
					}
				}));
			}
			for (java.util.concurrent.Future<float[]> run : runs) {
				assertThat(run.get()).containsExactly(alone);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void takesWindowsOf512Samples() {
		try (SileroVad vad = new SileroVad()) {
			assertThatIllegalArgumentException().isThrownBy(() -> vad.probability(new float[160]))
				.withMessageContaining("512");
		}
	}

	@Test
	void measuresTimePerWindow() {
		long created = System.nanoTime();
		try (SileroVad vad = new SileroVad()) {
			long ready = System.nanoTime();
			probabilities(vad, pcm); // warm-up
			int windows = 0;
			List<Long> times = new ArrayList<>();
			for (int pass = 0; pass < 5; pass++) {
				vad.reset();
				float[] window = new float[SileroVad.WINDOW];
				for (int at = 0; at + SileroVad.WINDOW <= pcm.length; at += SileroVad.WINDOW) {
					for (int i = 0; i < SileroVad.WINDOW; i++) {
						window[i] = pcm[at + i] / 32768f;
					}
					long start = System.nanoTime();
					vad.probability(window);
					times.add(System.nanoTime() - start);
					windows++;
				}
			}
			long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
			double mean = Arrays.stream(sorted).average().orElse(0) / 1000;
			System.out.printf(Locale.ROOT,
					"SileroVad: created in %.1f ms; %d windows of 32 ms: mean %.1f us, median %.1f us, p99 %.1f us a window"
							+ " (%.4f of real time)%n",
					(ready - created) / 1e6, windows, mean, sorted[sorted.length / 2] / 1000.0,
					sorted[(int) (sorted.length * 0.99)] / 1000.0, mean / 32_000);
		}
	}

	static float[] probabilities(SileroVad vad, short[] samples) {
		float[] probabilities = new float[samples.length / SileroVad.WINDOW];
		float[] window = new float[SileroVad.WINDOW];
		for (int w = 0; w < probabilities.length; w++) {
			for (int i = 0; i < SileroVad.WINDOW; i++) {
				window[i] = samples[w * SileroVad.WINDOW + i] / 32768f;
			}
			probabilities[w] = vad.probability(window);
		}
		return probabilities;
	}

	private static float max(float[] probabilities, long fromMs, long toMs) {
		float max = 0;
		for (int w = window(fromMs); w < Math.min(window(toMs), probabilities.length); w++) {
			max = Math.max(max, probabilities[w]);
		}
		return max;
	}

	private static float mean(float[] probabilities, long fromMs, long toMs) {
		float sum = 0;
		int count = 0;
		for (int w = window(fromMs); w < Math.min(window(toMs), probabilities.length); w++) {
			sum += probabilities[w];
			count++;
		}
		return sum / count;
	}

	private static int window(long millis) {
		return (int) (millis * 16 / SileroVad.WINDOW);
	}

	/**
	 * The smallest valid ONNX model: y = Identity(x), one float. Written field by field
	 * (ONNX is protobuf): ModelProto ir_version 1, graph 7, opset_import 8; GraphProto
	 * node 1, name 2, input 11, output 12; NodeProto input 1, output 2, op_type 4;
	 * ValueInfoProto name 1, type 2; TypeProto tensor_type 1; its elem_type 1 (1 =
	 * float), shape 2; TensorShapeProto dim 1; dim_value 1.
	 */
	static byte[] identityModel() {
		byte[] node = concat(text(1, "x"), text(2, "y"), text(4, "Identity"));
		byte[] graph = concat(bytes(1, node), text(2, "identity"), bytes(11, floatValue("x")),
				bytes(12, floatValue("y")));
		byte[] opset = concat(text(1, ""), number(2, 13));
		return concat(number(1, 8), bytes(7, graph), bytes(8, opset));
	}

	private static byte[] floatValue(String name) {
		byte[] shape = bytes(1, number(1, 1));
		byte[] tensorType = concat(number(1, 1), bytes(2, shape));
		return concat(text(1, name), bytes(2, bytes(1, tensorType)));
	}

	private static byte[] number(int field, long value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		varint(out, (long) field << 3);
		varint(out, value);
		return out.toByteArray();
	}

	private static byte[] text(int field, String value) {
		return bytes(field, value.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] bytes(int field, byte[] value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		varint(out, ((long) field << 3) | 2);
		varint(out, value.length);
		out.writeBytes(value);
		return out.toByteArray();
	}

	private static void varint(ByteArrayOutputStream out, long value) {
		while ((value & ~0x7FL) != 0) {
			out.write((int) ((value & 0x7F) | 0x80));
			value >>>= 7;
		}
		out.write((int) value);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
