package ai.flo.interviewer.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an erasure removed, as each module removes its part: rows per kind, and files.
 * Handed along with the events that ask modules to erase what they hold about something
 * (a record, an interview, a session), so the caller can answer what was removed.
 */
public final class Erasure {

	private final Path base;

	private final Map<String, Integer> rows = new LinkedHashMap<>();

	private final List<String> folders = new ArrayList<>();

	private int files;

	public Erasure(DataFolders folders) {
		this.base = folders.base();
	}

	/** {@code count} rows of {@code kind} (e.g. "analyses") were deleted. */
	public void rows(String kind, int count) {
		if (count > 0) {
			this.rows.merge(kind, count, Integer::sum);
		}
	}

	private final List<Path> pending = new ArrayList<>();

	/**
	 * A file or folder to delete once the rows are gone for good: call
	 * {@link #deleteFiles()} after the transaction that deleted them committed.
	 */
	public void files(Path path) {
		this.pending.add(path);
	}

	/** Deletes the files registered with {@link #files}. */
	public void deleteFiles() {
		for (Path path : this.pending) {
			delete(path);
		}
		this.pending.clear();
	}

	/** Deletes a file or a folder with everything in it now, counting the files. */
	public void delete(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(path)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				if (Files.isRegularFile(p)) {
					this.files++;
				}
				Files.deleteIfExists(p);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not delete " + path, ex);
		}
		this.folders.add(this.base.relativize(path.toAbsolutePath().normalize()).toString());
	}

	/** What was removed: rows per kind, files, and the folders (relative to the base). */
	public record Report(Map<String, Integer> rows, int files, List<String> paths) {
	}

	public Report report() {
		return new Report(Map.copyOf(this.rows), this.files, List.copyOf(this.folders));
	}

	public boolean isEmpty() {
		return this.rows.isEmpty() && this.files == 0;
	}

}
