package ai.flo.interviewer.shared;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Finding files that belong to nothing any more, for the retention sweep. */
public final class Orphans {

	private Orphans() {
	}

	/**
	 * The entries of {@code folder} last changed before {@code before} for which
	 * {@code orphan} holds; none when the folder does not exist.
	 */
	public static List<Path> in(Path folder, Instant before, Predicate<Path> orphan) {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.filter((entry) -> olderThan(entry, before)).filter(orphan).toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private static boolean olderThan(Path entry, Instant before) {
		try {
			return Files.getLastModifiedTime(entry).toInstant().isBefore(before);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
