package ai.flo.interviewer.voice;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A session's recording when the interview ran in several parts (an agent carried it on
 * after a restart, a crash or a dropped connection): each part is a stereo WAV named by
 * where it starts on the interview's clock ({@code recording.part-<ms>.wav}; the first
 * part is {@code recording.wav} itself, at 0). A part never overwrites another. When the
 * session ends they are joined into one {@code recording.wav}, each part at its place,
 * silence where no agent was recording.
 */
final class RecordingParts {

	private static final Pattern PART = Pattern.compile("recording\\.part-(\\d+)\\.wav");

	private static final int FRAME_BYTES = 4;

	private RecordingParts() {
	}

	/**
	 * Where the run starting {@code atMs} into the interview records: the recording
	 * itself for a first run that finds none, else a new part.
	 */
	static Path forRun(Path recording, long atMs) {
		if (atMs <= 0 && !Files.exists(recording)) {
			return recording;
		}
		Path part = recording.resolveSibling("recording.part-" + Math.max(0, atMs) + ".wav");
		for (long at = Math.max(0, atMs); Files.exists(part); at++) {
			part = recording.resolveSibling("recording.part-" + at + ".wav");
		}
		return part;
	}

	/**
	 * Joins the parts beside {@code recording} into it, in clock order; a later part that
	 * overlaps an earlier one starts where the earlier one ends. Nothing to do without
	 * parts.
	 */
	static void join(Path recording) throws IOException {
		List<Part> parts = new ArrayList<>();
		if (Files.exists(recording)) {
			parts.add(new Part(recording, 0));
		}
		try (Stream<Path> files = Files.list(recording.getParent())) {
			files.forEach((file) -> {
				Matcher m = PART.matcher(file.getFileName().toString());
				if (m.matches()) {
					parts.add(new Part(file, Long.parseLong(m.group(1))));
				}
			});
		}
		if (parts.size() <= 1 && (parts.isEmpty() || parts.get(0).path().equals(recording))) {
			return;
		}
		parts.sort(Comparator.comparingLong(Part::atMs));
		Path joined = recording.resolveSibling("recording.joining.wav");
		long frames = 0;
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(joined), 64 * 1024)) {
			out.write(new byte[44]);
			byte[] silence = new byte[FRAME_BYTES * 1600];
			for (Part part : parts) {
				long start = part.atMs() * StereoRecorder.SAMPLE_RATE / 1000;
				while (frames < start) {
					int n = (int) Math.min(silence.length / FRAME_BYTES, start - frames);
					out.write(silence, 0, n * FRAME_BYTES);
					frames += n;
				}
				try (InputStream in = Files.newInputStream(part.path())) {
					in.skipNBytes(44);
					byte[] buffer = new byte[64 * 1024];
					int read;
					while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
						int whole = read - (read % FRAME_BYTES);
						out.write(buffer, 0, whole);
						frames += whole / FRAME_BYTES;
					}
				}
			}
		}
		try (RandomAccessFile file = new RandomAccessFile(joined.toFile(), "rw")) {
			file.seek(0);
			file.write(StereoRecorder.header(2, frames));
		}
		Files.move(joined, recording, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		for (Part part : parts) {
			if (!part.path().equals(recording)) {
				Files.deleteIfExists(part.path());
			}
		}
	}

	private record Part(Path path, long atMs) {
	}

}
