package ai.flo.interviewer.voice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * Speech probability of 32 ms windows of 16 kHz mono audio, from Silero VAD v5 run
 * through onnxruntime. The model is recurrent: each instance keeps the state of one audio
 * stream and must be fed that stream's windows in order, from one thread at a time.
 *
 * <p>
 * Fed exactly as upstream's Python wrapper ({@code OnnxWrapper} in silero-vad 5.1) feeds
 * it: the last {@value #CONTEXT} samples of the previous window are put before each
 * window of {@value #WINDOW} (zeros for the first), so the model sees {@code [1, 576]}
 * samples, with its {@code [2, 1, 128]} state and the sample rate as an int64 scalar; the
 * state it returns is fed back with the next window.
 *
 * <p>
 * The model's weights are the same for every stream and onnxruntime runs one session from
 * several threads at once: detectors on the bundled model share one {@link OrtSession}
 * (made on first use, kept for the process; a session costs about 11 MiB of native
 * memory), each keeping its own state and tensors, and run it on the caller's thread. A
 * detector on another model has a session of its own. The {@link OrtEnvironment} is the
 * process-wide one.
 */
final class SileroVad implements AutoCloseable {

	/** The only sample rate this detector takes. */
	static final int SAMPLE_RATE = 16_000;

	/** Samples in a window: 32 ms at 16 kHz. */
	static final int WINDOW = 512;

	/** Samples of the previous window the model sees before each window. */
	static final int CONTEXT = 64;

	/** Where the build puts the model (scripts/vad/model.sh). */
	static final String MODEL_RESOURCE = "ai/flo/interviewer/voice/silero_vad_v5.onnx";

	static final List<String> INPUTS = List.of("input", "state", "sr");

	static final List<String> OUTPUTS = List.of("output", "stateN");

	private static final long[] STATE_SHAPE = { 2, 1, 128 };

	private static final long[] INPUT_SHAPE = { 1, CONTEXT + WINDOW };

	/** The session on the bundled model, once made (see the class comment). */
	private static OrtSession bundledSession;

	private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

	private final OrtSession session;

	/** Whether the session is this detector's own, to close with it. */
	private final boolean ownSession;

	private final OnnxTensor sampleRate;

	private static final long[] OUTPUT_SHAPE = { 1, 1 };

	/**
	 * The model's input: the context then the window. Direct buffers are handed to
	 * onnxruntime as they are, so the tensors over them are made once and each window
	 * only writes its samples: no tensor, buffer or result tensor is allocated per
	 * window.
	 */
	private final FloatBuffer input = direct(CONTEXT + WINDOW);

	/**
	 * The recurrent state, twice: one is fed to the model while it writes the next into
	 * the other, then they swap ({@link #current}).
	 */
	private final FloatBuffer[] states = { direct(2 * 128), direct(2 * 128) };

	private final FloatBuffer output = direct(1);

	private final float[] context = new float[CONTEXT];

	private final List<OnnxTensor> tensors = new ArrayList<>();

	/** For each state fed: the inputs and the (pinned) outputs of a run. */
	private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>(2);

	private final List<Map<String, OnnxTensor>> outputs = new ArrayList<>(2);

	/** Which of {@link #states} is fed to the next run. */
	private int current;

	/**
	 * Create a detector on the model the build put on the classpath.
	 * @throws IllegalStateException when the model is not there, or is not Silero VAD v5
	 */
	SileroVad() {
		this(bundledSession(), false);
	}

	/**
	 * Create a detector on the given ONNX model.
	 * @param model the bytes of the model file
	 * @throws IllegalStateException when onnxruntime cannot load it, or it is not Silero
	 * VAD v5
	 */
	SileroVad(byte[] model) {
		this(openSession(model), true);
	}

	private SileroVad(OrtSession session, boolean ownSession) {
		this.session = session;
		this.ownSession = ownSession;
		try {
			this.sampleRate = OnnxTensor.createTensor(this.environment, (long) SAMPLE_RATE);
			OnnxTensor samples = tensor(this.input, INPUT_SHAPE);
			OnnxTensor[] state = { tensor(this.states[0], STATE_SHAPE), tensor(this.states[1], STATE_SHAPE) };
			OnnxTensor probability = tensor(this.output, OUTPUT_SHAPE);
			for (int fed = 0; fed < 2; fed++) {
				this.inputs.add(Map.of("input", samples, "state", state[fed], "sr", this.sampleRate));
				this.outputs.add(Map.of("output", probability, "stateN", state[1 - fed]));
			}
		}
		catch (RuntimeException | OrtException ex) {
			closeQuietly();
			throw (ex instanceof IllegalStateException ise) ? ise
					: new IllegalStateException("Silero VAD model: " + ex.getMessage(), ex);
		}
	}

	/** The session on the bundled model, made on first use. */
	private static synchronized OrtSession bundledSession() {
		if (bundledSession == null) {
			bundledSession = openSession(bundledModel());
		}
		return bundledSession;
	}

	/** A session on {@code model}, checked to be Silero VAD v5. */
	private static OrtSession openSession(byte[] model) {
		OrtSession session;
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			// One window is ~0.1 ms of work: threads would only add hand-offs, and many
			// rooms run at once. Runs happen on the callers' threads.
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
			session = OrtEnvironment.getEnvironment().createSession(model, options);
		}
		catch (OrtException ex) {
			throw new IllegalStateException("onnxruntime cannot load the Silero VAD model: " + ex.getMessage(), ex);
		}
		try {
			check(session);
			return session;
		}
		catch (RuntimeException | OrtException ex) {
			try {
				session.close();
			}
			catch (OrtException closing) {
				ex.addSuppressed(closing);
			}
			throw (ex instanceof IllegalStateException ise) ? ise
					: new IllegalStateException("Silero VAD model: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The probability that a window is speech. Windows must follow each other without gap
	 * or overlap: the model carries the stream's state from one to the next.
	 * @param window {@value #WINDOW} samples at 16 kHz, from -1 to 1
	 * @return the speech probability, from 0 to 1
	 */
	float probability(float[] window) {
		if (window.length != WINDOW) {
			throw new IllegalArgumentException("a window is " + WINDOW + " samples at 16 kHz, not " + window.length);
		}
		this.input.put(0, this.context).put(CONTEXT, window);
		try (OrtSession.Result result = this.session.run(this.inputs.get(this.current),
				this.outputs.get(this.current))) {
			this.current = 1 - this.current;
			System.arraycopy(window, WINDOW - CONTEXT, this.context, 0, CONTEXT);
			return this.output.get(0);
		}
		catch (OrtException ex) {
			throw new IllegalStateException("Silero VAD failed on a window: " + ex.getMessage(), ex);
		}
	}

	/** Forget the stream: the next window is taken as the start of a new one. */
	void reset() {
		Arrays.fill(this.context, 0);
		for (FloatBuffer state : this.states) {
			state.put(0, new float[state.capacity()]);
		}
		this.current = 0;
	}

	@Override
	public void close() {
		closeQuietly();
	}

	private OnnxTensor tensor(FloatBuffer buffer, long[] shape) throws OrtException {
		OnnxTensor tensor = OnnxTensor.createTensor(this.environment, buffer, shape);
		this.tensors.add(tensor);
		return tensor;
	}

	private static FloatBuffer direct(int floats) {
		return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
	}

	private void closeQuietly() {
		this.tensors.forEach(OnnxTensor::close);
		if (this.sampleRate != null) {
			this.sampleRate.close();
		}
		if (!this.ownSession) {
			return;
		}
		try {
			this.session.close();
		}
		catch (OrtException ex) {
			// nothing left to release that we could still reach
		}
	}

	/**
	 * Check that a session runs Silero VAD v5: inputs {@code input} (float),
	 * {@code state} (float, {@code [2, batch, 128]}) and {@code sr} (int64); outputs
	 * {@code output} and {@code stateN}. v4 had {@code h} and {@code c} instead of
	 * {@code state}; v6 has the same signature as v5 but other weights, which no
	 * signature can tell (scripts/vad/model.sh pins the file's SHA-256).
	 * @throws IllegalStateException when it does not
	 */
	static void check(OrtSession session) throws OrtException {
		Map<String, NodeInfo> inputs = session.getInputInfo();
		Map<String, NodeInfo> outputs = session.getOutputInfo();
		if (!inputs.keySet().equals(Set.copyOf(INPUTS)) || !outputs.keySet().equals(Set.copyOf(OUTPUTS))
				|| !tensor(inputs.get("input"), OnnxJavaType.FLOAT, null)
				|| !tensor(inputs.get("state"), OnnxJavaType.FLOAT, STATE_SHAPE)
				|| !tensor(inputs.get("sr"), OnnxJavaType.INT64, null)) {
			throw new IllegalStateException(
					"not a Silero VAD v5 model: it has inputs " + describe(inputs) + " and outputs " + describe(outputs)
							+ ", expected inputs input float [1, N], state float [2, 1, 128], sr int64"
							+ " and outputs output, stateN");
		}
	}

	private static boolean tensor(NodeInfo node, OnnxJavaType type, long[] shape) {
		if (!(node.getInfo() instanceof TensorInfo info) || info.type != type) {
			return false;
		}
		if (shape == null) {
			return true;
		}
		long[] actual = info.getShape();
		if (actual.length != shape.length) {
			return false;
		}
		for (int i = 0; i < shape.length; i++) {
			if (actual[i] >= 0 && actual[i] != shape[i]) { // -1: a dimension the model
															// leaves open
				return false;
			}
		}
		return true;
	}

	static String describe(Map<String, NodeInfo> nodes) {
		return nodes.values().stream().map(SileroVad::describe).toList().toString();
	}

	private static String describe(NodeInfo node) {
		if (node.getInfo() instanceof TensorInfo info) {
			return node.getName() + " " + info.type.name().toLowerCase(Locale.ROOT) + " "
					+ Arrays.toString(info.getShape());
		}
		return node.getName() + " " + node.getInfo();
	}

	/**
	 * The model file the build put on the classpath.
	 * @throws IllegalStateException when it is not there
	 */
	static byte[] bundledModel() {
		return bundledModel(SileroVad.class.getClassLoader());
	}

	static byte[] bundledModel(ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream(MODEL_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("The Silero VAD model is not on the classpath (" + MODEL_RESOURCE
						+ "): the build fetches it; run mvn generate-resources (it runs scripts/vad/model.sh"
						+ " target/generated-resources/vad), or mvn process-resources to have it in target/classes");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + MODEL_RESOURCE, ex);
		}
	}

}
