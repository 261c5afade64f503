package ai.flo.interviewer.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: bodies larger
 * than stated or sent as they are made, trickled bytes, broken framing, raw paths. The
 * body is written on its own thread while the response is read, so an answer that comes
 * before the body is finished (a 413 on the stated length) is seen, and a connection the
 * server closes mid-body is not an error of the test.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** What to send after the head. */
	public interface Body {

		/** Writes the body; may stop early when the server closes the connection. */
		void write(OutputStream out) throws IOException, InterruptedException;

		static Body none() {
			return (out) -> {
			};
		}

		static Body bytes(byte[] bytes) {
			return (out) -> out.write(bytes);
		}

		/** {@code size} bytes of {@code fill}, in 64 KiB writes. */
		static Body repeated(long size, byte fill) {
			return (out) -> {
				byte[] block = new byte[64 * 1024];
				java.util.Arrays.fill(block, fill);
				for (long left = size; left > 0; left -= block.length) {
					out.write(block, 0, (int) Math.min(block.length, left));
				}
			};
		}

		/**
		 * {@code size} bytes of {@code fill} as chunked transfer encoding (the head must
		 * say so).
		 */
		static Body chunked(long size, byte fill) {
			return (out) -> {
				byte[] block = new byte[64 * 1024];
				java.util.Arrays.fill(block, fill);
				for (long left = size; left > 0; left -= block.length) {
					int n = (int) Math.min(block.length, left);
					out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(block, 0, n);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			};
		}

		/** The bytes one at a time, {@code pause} apart. */
		static Body trickled(byte[] bytes, Duration pause) {
			return (out) -> {
				for (byte b : bytes) {
					out.write(b);
					out.flush();
					Thread.sleep(pause.toMillis());
				}
			};
		}

	}

	/**
	 * @param status the status code, or -1 when the connection closed without an answer
	 * @param elapsed from the first byte sent to the end of the answer
	 */
	public record Response(int status, Map<String, String> headers, String body, Duration elapsed) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	/**
	 * Sends {@code head} (request line and headers, without the blank line) and
	 * {@code body}, and reads the answer.
	 */
	public static Response exchange(int port, String head, Body body, Duration timeout) throws IOException {
		long start = System.nanoTime();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout((int) timeout.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(wire(head).getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			Thread writer = new Thread(() -> {
				try {
					body.write(out);
					out.flush();
				}
				catch (IOException | InterruptedException ex) {
					// The server closed the connection: it answered, or gave up on us.
				}
			}, "raw-http-body");
			writer.setDaemon(true);
			writer.start();
			try {
				return read(socket.getInputStream(), start);
			}
			finally {
				writer.interrupt();
			}
		}
	}

	/** Marks a head that is sent unfinished (no blank line after it). */
	public static final String UNFINISHED = "[unfinished]";

	private static String wire(String head) {
		boolean unfinished = head.endsWith(UNFINISHED);
		String lines = head.substring(0, head.length() - (unfinished ? UNFINISHED.length() : 0))
			.strip()
			.replace("\r\n", "\n")
			.replace("\n", "\r\n");
		return unfinished ? lines + "\r\n" : lines + "\r\n\r\n";
	}

	private static Response read(InputStream in, long start) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		try {
			int b;
			while (matched < 4 && (b = in.read()) >= 0) {
				head.write(b);
				matched = ((b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1)) ? matched + 1
						: (b == '\r') ? 1 : 0;
			}
		}
		catch (SocketTimeoutException | java.net.SocketException ex) {
			if (head.size() == 0) {
				return new Response(-1, Map.of(), ex.toString(), Duration.ofNanos(System.nanoTime() - start));
			}
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		if (text.isBlank()) {
			return new Response(-1, Map.of(), "closed", Duration.ofNanos(System.nanoTime() - start));
		}
		String[] lines = text.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
		}
		byte[] body;
		try {
			if (headers.containsKey("content-length")) {
				body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
			}
			else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(in);
			}
			else {
				body = in.readNBytes(1 << 20);
			}
		}
		catch (SocketTimeoutException | java.net.SocketException ex) {
			body = new byte[0];
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8),
				Duration.ofNanos(System.nanoTime() - start));
	}

	private static byte[] dechunk(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		while (true) {
			StringBuilder size = new StringBuilder();
			int b;
			while ((b = in.read()) >= 0 && b != '\n') {
				if (b != '\r') {
					size.append((char) b);
				}
			}
			int n = size.toString().isBlank() ? 0 : Integer.parseInt(size.toString().split(";")[0].strip(), 16);
			if (n == 0 || b < 0) {
				return out.toByteArray();
			}
			out.write(in.readNBytes(n));
			in.read();
			in.read();
		}
	}

}
