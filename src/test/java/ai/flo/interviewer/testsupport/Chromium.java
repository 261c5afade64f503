package ai.flo.interviewer.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, from the command line: what a page looks like in a real
 * browser.
 * <p>
 * Tests that use it fail when it is missing (scripts/test-deps.sh installs it); they
 * never skip. Every call gets a fresh profile directory, {@code --no-sandbox} (the
 * sandbox refuses to run as root, as in CI containers) and no GPU or /dev/shm. Chromium
 * logs plenty of harmless errors on stderr (no D-Bus, no GPU): it is kept only to explain
 * a failure.
 */
public final class Chromium {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private Chromium() {
	}

	/** The {@code chromium} (or {@code chromium-browser}) executable on the PATH. */
	public static Path binary() {
		String path = System.getenv("PATH");
		for (String name : List.of("chromium", "chromium-browser")) {
			for (String dir : (path != null) ? path.split(File.pathSeparator) : new String[0]) {
				Path candidate = Path.of(dir).resolve(name);
				if (!dir.isEmpty() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		throw new IllegalStateException("chromium is required for this test: run scripts/test-deps.sh");
	}

	/**
	 * Loads a page and returns its DOM as Chromium serialises it (HTML, after parsing).
	 * @param url a {@code file:} or {@code http:} URL
	 */
	public static String dumpDom(String url) {
		return run(List.of("--dump-dom", url));
	}

	/**
	 * Loads a page and writes a PNG of its first {@code height} pixels.
	 * @param url a {@code file:} or {@code http:} URL
	 * @param png where the screenshot goes (its directory must exist)
	 */
	public static void screenshot(String url, Path png, int width, int height) {
		run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
				"--hide-scrollbars", url));
		if (!Files.isRegularFile(png)) {
			throw new IllegalStateException("chromium wrote no screenshot to " + png);
		}
	}

	private static String run(List<String> args) {
		Path profile = null;
		Path stdout = null;
		Path stderr = null;
		try {
			profile = Files.createTempDirectory("chromium-profile");
			stdout = Files.createTempFile("chromium", ".out");
			stderr = Files.createTempFile("chromium", ".err");
			List<String> command = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox",
					"--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
			command.addAll(args);
			Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				throw new IllegalStateException(
						"chromium did not finish within " + TIMEOUT + ": " + command + "\n" + tail(stderr));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"chromium exited with " + process.exitValue() + ": " + command + "\n" + tail(stderr));
			}
			return Files.readString(stdout, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while chromium ran", ex);
		}
		finally {
			delete(profile);
			delete(stdout);
			delete(stderr);
		}
	}

	private static String tail(Path file) throws IOException {
		String text = Files.readString(file, StandardCharsets.UTF_8);
		return (text.length() > 4000) ? text.substring(text.length() - 4000) : text;
	}

	private static void delete(Path path) {
		if (path == null || !Files.exists(path)) {
			return;
		}
		try (Stream<Path> tree = Files.walk(path)) {
			tree.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temp directory is not worth failing a test over.
		}
	}

}
